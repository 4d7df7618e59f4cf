// Hono on Node.js (@hono/node-server): the posthogHono middleware runs the handler chain in a
// PostHog request context. The same app runs on Bun, Deno and workers with 'posthog-ts/edge'.
// Run: npm i posthog-ts hono @hono/node-server && POSTHOG_API_KEY=phc_... node server.mjs
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { PostHog, posthogHono } from 'posthog-ts';

const posthog = new PostHog(process.env.POSTHOG_API_KEY ?? 'phc_example', { host: process.env.POSTHOG_HOST });

const app = new Hono();
app.use('*', posthogHono(posthog));

app.post('/checkout', async (c) => {
  posthog.capture({ event: 'checkout started', properties: { cart_size: 3 } });
  return c.json({ flow: (await posthog.getFeatureFlag('checkout-flow')) ?? 'classic' });
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => server.close(() => posthog.shutdown(5000)));
}
