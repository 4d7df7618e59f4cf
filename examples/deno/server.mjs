// Deno: Deno.serve with a fetch handler wrapped by withPostHogContext. The edge entry finds Deno's
// AsyncLocalStorage (node:async_hooks), so captures and flag calls inside the handler take the
// header user. On SIGTERM / SIGINT the server stops and PostHog drains before the process exits.
// Run: deno add npm:posthog-ts && POSTHOG_API_KEY=phc_... deno run --allow-net --allow-env server.mjs
import { PostHog, withPostHogContext } from 'posthog-ts/edge';

const posthog = new PostHog(Deno.env.get('POSTHOG_API_KEY') ?? 'phc_example', { host: Deno.env.get('POSTHOG_HOST') });

const server = Deno.serve(
  {
    port: Number(Deno.env.get('PORT') ?? 3000),
    hostname: '127.0.0.1',
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  },
  withPostHogContext(posthog, async (request) => {
    if (new URL(request.url).pathname !== '/checkout') return new Response('not found', { status: 404 });
    posthog.capture({ event: 'checkout started', properties: { cart_size: 3 } });
    return Response.json({ flow: (await posthog.getFeatureFlag('checkout-flow')) ?? 'classic' });
  }),
);

for (const signal of ['SIGTERM', 'SIGINT']) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await posthog.shutdown(5000);
    Deno.exit(0);
  });
}
