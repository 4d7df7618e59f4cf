// Measures loading flag definitions in a fresh process, so the heap left by earlier benchmarks does
// not weigh on one SDK more than the other. Prints the median ms over 10 loads after 2 warm-up loads.
// Usage (from bench/run.mjs): node bench/load-child.mjs <posthog-ts|posthog-node> <flag count>
import { PostHog as NodePostHog } from 'posthog-node';
import { PostHog } from '../dist/esm/index.js';
import { flagSet } from './definitions.mjs';
import { median } from './measure.mjs';
import { stubFetch } from './stub-fetch.mjs';

const [name, count] = process.argv.slice(2);
const Client = name === 'posthog-node' ? NodePostHog : PostHog;
const fetch = stubFetch({ definitions: flagSet(Number(count)).payload });
const silent = { debug() {}, warn() {}, error() {} };
const times = [];
for (let i = 0; i < Number(process.env.LOADS ?? 12); i++) {
  const start = process.hrtime.bigint();
  const client = new Client('phc_bench', {
    host: 'http://posthog.bench.invalid',
    personalApiKey: 'phx_bench',
    fetch,
    featureFlagsPollingInterval: 3_600_000,
    ...(Client === PostHog ? { logger: silent } : {}),
  });
  if (!(await client.waitForLocalEvaluationReady(30_000))) throw new Error(`${name}: definitions did not load`);
  if (i >= 2) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  await client.shutdown();
}
console.log(JSON.stringify({ median: median(times) }));
