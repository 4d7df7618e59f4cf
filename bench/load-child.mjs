// Loading flag definitions in later clients of one process (a warm reload): a fresh process per
// SDK, so the heap left by earlier benchmarks does not weigh on one SDK more than the other. Each
// load is a new client from construction to ready; prints the median CPU ms of 10 loads after 2
// warm-up loads (and the wall-clock median).
// Usage (from bench/run.mjs): node bench/load-child.mjs <posthog-ts|posthog-node> <flag count> [simple|realistic]
import { PostHog as NodePostHog } from 'posthog-node';
import { PostHog } from '../dist/esm/index.js';
import { flagSet } from './definitions.mjs';
import { median } from './measure.mjs';
import { realisticFlagSet } from './realistic-flags.mjs';
import { stubFetch } from './stub-fetch.mjs';

const [name, count, kind = 'simple'] = process.argv.slice(2);
const Client = name === 'posthog-node' ? NodePostHog : PostHog;
const payload = kind === 'realistic' ? realisticFlagSet(Number(count)).payload : flagSet(Number(count)).payload;
const fetch = stubFetch({ definitions: payload });
const silent = { debug() {}, warn() {}, error() {} };
const cpuTimes = [];
const wallTimes = [];
for (let i = 0; i < Number(process.env.LOADS ?? 12); i++) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const client = new Client('phc_bench', {
    host: 'http://posthog.bench.invalid',
    personalApiKey: 'phx_bench',
    fetch,
    featureFlagsPollingInterval: 3_600_000,
    ...(Client === PostHog ? { logger: silent } : {}),
  });
  if (!(await client.waitForLocalEvaluationReady(30_000))) throw new Error(`${name}: definitions did not load`);
  const used = process.cpuUsage(cpu);
  if (i >= 2) {
    wallTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  await client.shutdown();
}
console.log(JSON.stringify({ median: median(cpuTimes), wallMedian: median(wallTimes) }));
