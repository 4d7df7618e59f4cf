// Cloudflare Workers (workerd): a client per request, handed that request's ctx.waitUntil, so the
// events are sent after the response without delaying it and before the isolate is frozen. With
// the nodejs_compat flag (wrangler.toml) the edge entry finds AsyncLocalStorage, and
// withPostHogContext gives captures and flag calls the X-PostHog-Distinct-Id header's user.
// Run: npm i posthog-ts && npx wrangler dev (POSTHOG_API_KEY and POSTHOG_HOST as vars or secrets)
import { PostHog, withPostHogContext } from 'posthog-ts/edge';

async function checkout(posthog) {
  posthog.capture({ event: 'checkout started', properties: { cart_size: 3 } });
  return Response.json({ flow: (await posthog.getFeatureFlag('checkout-flow')) ?? 'classic' });
}

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname !== '/checkout') return new Response('not found', { status: 404 });
    const posthog = new PostHog(env.POSTHOG_API_KEY, { host: env.POSTHOG_HOST, waitUntil: ctx.waitUntil.bind(ctx) });
    return withPostHogContext(posthog, () => checkout(posthog))(request);
  },
};
