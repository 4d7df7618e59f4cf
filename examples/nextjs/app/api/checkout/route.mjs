// A Next.js App Router route handler (app/api/checkout/route.ts): Request in, Response out.
// withPostHogContext runs it in a request context read from the tracing headers, so captures and
// flag calls inside need no distinct id.
import { withPostHogContext } from 'posthog-ts';
import { posthog } from '../../../lib/posthog.mjs';

export const POST = withPostHogContext(posthog, async (request) => {
  const { items = [] } = await request.json();
  posthog.capture({ event: 'checkout started', properties: { cart_size: items.length } });
  const flow = (await posthog.getFeatureFlag('checkout-flow')) ?? 'classic';
  return Response.json({ flow });
});
