// The workerd version of client.mjs: GET /smoke runs the same smoke test and answers with the result.
import { PostHog } from '../../dist/esm/edge.js';

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/smoke') return new Response('ready');
    const posthog = new PostHog('phc_smoke', { host: env.STAND_IN, personalApiKey: 'phx_smoke', flushAt: 2 });
    posthog.capture({ distinctId: 'u1', event: 'from-workerd' });
    posthog.captureException(new TypeError('boom'), 'u1');
    const ready = await posthog.waitForLocalEvaluationReady(5000);
    const local = await posthog.getFeatureFlag('local-flag', 'u1');
    const remote = await posthog.getFeatureFlag('remote-only', 'u1');
    await posthog.shutdown(5000);
    return new Response(JSON.stringify({ runtime: 'workerd', ready, local, remote }));
  },
};
