// Runs on Bun, Deno or Node: captures, reports an exception and reads a local and a remote flag
// through the edge entry, against the stand-in whose URL is the first argument. Prints the answers.
const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const { PostHog } = await import('../../dist/esm/edge.js');
const runtime = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node';
const posthog = new PostHog('phc_smoke', { host: args[0], personalApiKey: 'phx_smoke', flushAt: 2 });
posthog.capture({ distinctId: 'u1', event: `from-${runtime}` });
posthog.captureException(new TypeError('boom'), 'u1');
const ready = await posthog.waitForLocalEvaluationReady(5000);
const local = await posthog.getFeatureFlag('local-flag', 'u1');
const remote = await posthog.getFeatureFlag('remote-only', 'u1');
await posthog.shutdown(5000);
console.log(JSON.stringify({ runtime, ready, local, remote }));
