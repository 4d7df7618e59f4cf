// Fastify: an onRequest hook runs each request in a PostHog request context read from its tracing
// headers; the onClose hook drains the queue when the server stops (SIGTERM / SIGINT).
// Run: npm i posthog-ts fastify && POSTHOG_API_KEY=phc_... node server.mjs
import Fastify from 'fastify';
import { PostHog, posthogFastify } from 'posthog-ts';

const posthog = new PostHog(process.env.POSTHOG_API_KEY ?? 'phc_example', { host: process.env.POSTHOG_HOST });

const fastify = Fastify();
fastify.addHook('onRequest', posthogFastify(posthog));
fastify.addHook('onClose', () => posthog.shutdown(5000));

fastify.post('/checkout', async () => {
  posthog.capture({ event: 'checkout started', properties: { cart_size: 3 } });
  return { flow: (await posthog.getFeatureFlag('checkout-flow')) ?? 'classic' };
});

const address = await fastify.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`listening on ${address}`);

for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => fastify.close());
