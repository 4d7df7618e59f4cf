// Time to the last flag in a fresh process: from `new PostHog(...)` (definitions served at once, as
// text, by a stub fetch) until a local evaluation of the last flag of the realistic set has a value.
// The SDK is imported, the payload generated and the stub's Response class loaded before the clock
// starts. Prints CPU and wall ms.
// Usage (from bench/run.mjs): node bench/first-flag-child.mjs <posthog-ts|posthog-node> <flag count> [garbage KB]
// Instead of posthog-ts, the file URL of another build's ESM entry (bench/first-flag-ab.mjs). The
// import's own CPU ms is printed too, outside the window.
// The garbage (about that many KB of short-lived arrays, made before the clock) sets how full the
// young generation is when the clock starts; bench/table.mjs picks it at random per round.
import { makeUsers, realisticFlagSet } from './realistic-flags.mjs';
import { stubFetch } from './stub-fetch.mjs';

const [name, count, garbageKb = '0'] = process.argv.slice(2);
const importCpu = process.cpuUsage();
const { PostHog } = await import(name === 'posthog-node' ? 'posthog-node' : name === 'posthog-ts' ? '../dist/esm/index.js' : name);
const imported = process.cpuUsage(importCpu);
const set = realisticFlagSet(Number(count));
const fetch = stubFetch({ definitions: set.payload });
const [user] = makeUsers(1, 11);
const options = { personProperties: user.personProperties, groups: user.groups, groupProperties: user.groupProperties, onlyEvaluateLocally: true, sendFeatureFlagEvents: false };
const silent = { debug() {}, warn() {}, error() {} };
// The stub's own cost stays outside the clock: Node.js loads its fetch implementation (undici, where
// Response lives) on first use, ~40 ms of CPU that either SDK would pay first. Warm it for both.
await (await stubFetch()('http://posthog.bench.invalid/flags/definitions')).text();

let garbage;
for (let i = 0; i < Number(garbageKb); i++) garbage = new Array(126).fill(i);
globalThis.benchGarbageLength = garbage?.length;

const cpu = process.cpuUsage();
const start = performance.now();
const client = new PostHog('phc_bench', {
  host: 'http://posthog.bench.invalid',
  personalApiKey: 'phx_bench',
  fetch,
  featureFlagsPollingInterval: 3_600_000,
  ...(name === 'posthog-node' ? {} : { logger: silent }),
});
let value;
for (let attempt = 0; attempt < 1000 && value === undefined; attempt++) value = await client.getFeatureFlag(set.lastKey, user.distinctId, options);
const wallMs = performance.now() - start;
const used = process.cpuUsage(cpu);
if (value === undefined) throw new Error(`${name}: ${set.lastKey} never had a value`);
await client.shutdown();
console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs, importMs: (imported.user + imported.system) / 1000, value }));
process.exit(0);
