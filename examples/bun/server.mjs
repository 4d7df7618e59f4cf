// Bun: Bun.serve with a fetch handler wrapped by withPostHogContext. The edge entry finds Bun's
// AsyncLocalStorage, so captures and flag calls inside the handler take the header user. On
// SIGTERM / SIGINT the server stops and PostHog drains before the process exits.
// Run: bun add posthog-ts && POSTHOG_API_KEY=phc_... bun server.mjs
import { PostHog, withPostHogContext } from 'posthog-ts/edge';

const posthog = new PostHog(process.env.POSTHOG_API_KEY ?? 'phc_example', { host: process.env.POSTHOG_HOST });

const server = Bun.serve({
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
  fetch: withPostHogContext(posthog, async (request) => {
    if (new URL(request.url).pathname !== '/checkout') return new Response('not found', { status: 404 });
    posthog.capture({ event: 'checkout started', properties: { cart_size: 3 } });
    return Response.json({ flow: (await posthog.getFeatureFlag('checkout-flow')) ?? 'classic' });
  }),
});
console.log(`listening on http://127.0.0.1:${server.port}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, async () => {
    server.stop();
    await posthog.shutdown(5000);
    process.exit(0);
  });
}
