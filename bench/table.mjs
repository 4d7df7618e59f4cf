// One full bench table, posthog-ts beside posthog-node (run by run.mjs in a fresh process per run).
// Prints each row with its one-line workload as it goes, then one JSON line with every row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostHog as NodePostHog } from 'posthog-node';
import { sha1Fraction } from '../.build/tsc/flags/local/sha1.js';
import { PostHog } from '../dist/esm/index.js';
import { coldStart } from './cold-start.mjs';
import { PERSON_PROPERTIES, flagSet } from './definitions.mjs';
import { endToEnd } from './end-to-end.mjs';
import { childJson, cpuMicros, cpuMicrosPerCall, median, settledHeap, sideBySide, turn } from './measure.mjs';
import { makeUsers, realisticFlagSet } from './realistic-flags.mjs';
import { regexBench } from './regex.mjs';
import { garbageKbPerRound } from './seeded-random.mjs';
import { stubFetch } from './stub-fetch.mjs';

const HOST = 'http://posthog.bench.invalid';
const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1];
const ROUNDS = quick ? 1 : 3;
/** Rounds of the time-to-the-last-flag rows: one fresh process per SDK each, interleaved. */
const FIRST_FLAG_ROUNDS = quick ? 5 : 15;
const SDKS = { 'posthog-ts': PostHog, 'posthog-node': NodePostHog };
const silent = { debug() {}, warn() {}, error() {} };
const script = (name) => new URL(`./${name}`, import.meta.url).pathname;

// posthog-node warns on the console on every getFeatureFlag call (deprecation); keep the table readable.
const print = console.log.bind(console);
console.warn = () => {};

function makeClient(name, options) {
  const Client = SDKS[name];
  const client = new Client('phc_bench', { host: HOST, ...options });
  if (name === 'posthog-node') client.on?.('error', () => {});
  return client;
}
const tsOnly = (name) => (name === 'posthog-ts' ? { logger: silent } : {});

const rows = [];
const fmt = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)).padStart(8);

/**
 * Measures and prints one row unless --only skips it. `results` gives each SDK's cost (lower is
 * better); the ratio is posthog-node's over posthog-ts's, and `target` the least ratio wanted.
 */
async function row(label, workload, unit, target, measure) {
  if (only !== undefined && !label.includes(only)) return undefined;
  const results = await measure();
  const ratio = results['posthog-node'] / results['posthog-ts'];
  const ok = target === undefined ? undefined : ratio >= target;
  rows.push({ label, ts: results['posthog-ts'], node: results['posthog-node'], unit, ratio, target });
  const mark = ok === undefined ? '' : ok ? '  ok' : '  BELOW TARGET';
  print(`${label.padEnd(50)} posthog-ts ${fmt(results['posthog-ts'])} ${unit.padEnd(2)}  posthog-node ${fmt(results['posthog-node'])} ${unit.padEnd(2)}  ratio ${ratio.toFixed(ratio < 10 ? 2 : 1).padStart(5)}x${target === undefined ? '' : ` (target ≥ ${target}x)`}${mark}`);
  print(`    ${workload}`);
  return results;
}

const event = (i) => ({
  distinctId: `user-${i % 1000}`,
  event: 'order placed',
  properties: { plan: 'pro', amount: 42.5, path: '/checkout', items: ['sku-1', 'sku-2'], first: i % 7 === 0 },
});

// ── capture ───────────────────────────────────────────────────────────────────────────────────

/** Fails the run when an SDK did not deliver every event it was given: a dropped event costs nothing. */
function checkDelivered(name, fetch, event, expected) {
  const got = fetch.eventsReceived()[event] ?? 0;
  if (got !== expected) throw new Error(`${name}: ${got} of ${expected} "${event}" events were delivered`);
}

async function captureCost(name, tsOptions = {}) {
  const fetch = stubFetch();
  // A queue bound neither SDK reaches: posthog-node's default (1,000) drops events while its batches
  // are still being compressed, and a dropped event is work not done.
  const client = makeClient(name, { fetch, maxQueueSize: 1_000_000, ...tsOnly(name), ...(name === 'posthog-ts' ? tsOptions : {}) });
  const n = quick ? 5000 : 20_000;
  const burst = async (from) => {
    for (let i = from; i < from + n; i++) {
      client.capture(event(i));
      if (i % 100 === 99) await turn();
    }
    await client.flush();
  };
  await burst(0);
  const micros = await cpuMicros(() => burst(n));
  await client.shutdown();
  checkDelivered(name, fetch, 'order placed', 2 * n);
  return micros / n;
}

async function heapPerQueuedEvent(name) {
  const n = quick ? 5000 : 20_000;
  const client = makeClient(name, { fetch: stubFetch(), flushAt: 10_000_000, flushInterval: 3_600_000, maxQueueSize: 10_000_000, maxBatchSize: 10_000_000, ...tsOnly(name) });
  client.capture(event(0));
  const before = await settledHeap();
  for (let i = 1; i <= n; i++) client.capture(event(i));
  const after = await settledHeap();
  await client.shutdown(30_000);
  return (after - before) / n;
}

// ── flags ─────────────────────────────────────────────────────────────────────────────────────

async function localClient(name, payload, options = {}) {
  const client = makeClient(name, { fetch: options.fetch ?? stubFetch({ definitions: payload }), personalApiKey: 'phx_bench', featureFlagsPollingInterval: 3_600_000, ...tsOnly(name), ...options });
  const ready = await client.waitForLocalEvaluationReady(30_000);
  if (!ready) throw new Error(`${name}: definitions did not load`);
  return client;
}

const CALL_MS = quick ? 150 : 300;
const USERS = makeUsers(1000);
const userOptions = (user) => ({ personProperties: user.personProperties, groups: user.groups, groupProperties: user.groupProperties, onlyEvaluateLocally: true });
const USER_OPTIONS = USERS.map(userOptions);

/** CPU µs per getAllFlags, users cycling through the pool. */
async function allFlagsCost(name, payload, simple) {
  const client = await localClient(name, payload);
  const simpleOptions = { personProperties: PERSON_PROPERTIES, onlyEvaluateLocally: true };
  const { micros } = await cpuMicrosPerCall((i) => client.getAllFlags(`user-${i % 1000}`, simple ? simpleOptions : USER_OPTIONS[i % 1000]), CALL_MS);
  await client.shutdown();
  return micros;
}

/**
 * CPU µs per getFeatureFlag of one flag; with events, every call is a new distinct id (so every call
 * sends `$feature_flag_called`), the flush that delivers them is counted, and every event must arrive.
 */
async function oneFlagCost(name, payload, key, events, simple) {
  const fetch = stubFetch({ definitions: payload });
  const client = await localClient(name, payload, { sendFeatureFlagEvent: events, fetch });
  const options = simple ? [{ personProperties: PERSON_PROPERTIES, onlyEvaluateLocally: true, sendFeatureFlagEvents: events }] : USER_OPTIONS.map((o) => ({ ...o, sendFeatureFlagEvents: events }));
  const { micros, calls } = await cpuMicrosPerCall(
    (i) => client.getFeatureFlag(key, events ? `reader-${i}` : `user-${i % 1000}`, options[i % options.length]),
    CALL_MS,
    () => client.flush(),
  );
  await client.shutdown();
  if (events) checkDelivered(name, fetch, '$feature_flag_called', calls);
  return micros;
}

/** Median CPU ms of ready-to-ready loads in later clients of one fresh process (see load-child.mjs). */
const warmLoad = (name, count, kind) => childJson(script('load-child.mjs'), [name, String(count), kind]).median;

/**
 * CPU ms from construction to the last flag's value, median of interleaved fresh processes. Whether
 * a young-generation collection falls inside the clock depends on how full the young generation is
 * when the clock starts; a fresh process of this bench always starts at the same fill, so a build
 * could land on a collection in every round, or on none, for reasons that have nothing to do with
 * the SDK (0 KB against 256 KB of garbage before the clock moved posthog-ts between 11 and 16 ms).
 * Each round first leaves the same random 0-8 MB of garbage for both SDKs, so the rounds sample that
 * fill instead of fixing it, and an SDK that allocates more meets more collections, as in a server.
 */
async function firstFlag(count) {
  const garbage = garbageKbPerRound(count, FIRST_FLAG_ROUNDS);
  const perRound = Object.keys(SDKS).length;
  let call = 0;
  return sideBySide(SDKS, FIRST_FLAG_ROUNDS, (_, name) => childJson(script('first-flag-child.mjs'), [name, String(count), garbage[Math.floor(call++ / perRound)]]).cpuMs);
}

async function agreement(payload, ids, optionsOf) {
  const ts = await localClient('posthog-ts', payload);
  const node = await localClient('posthog-node', payload);
  let same = 0;
  for (let i = 0; i < ids; i++) {
    const a = await ts.getAllFlags(`user-${i}`, optionsOf(i));
    const b = await node.getAllFlags(`user-${i}`, optionsOf(i));
    if (JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort()) && Object.keys(a).length === payload.flags.length) same++;
  }
  await Promise.all([ts.shutdown(), node.shutdown()]);
  return same;
}

/** µs per SHA-1 on bucketing inputs like the evaluator's (flag key + distinct id), built beforehand. */
function sha1Micros() {
  const inputs = Array.from({ length: 4096 }, (_, i) => `flag-${i % 50}.user-${i}`);
  let sink = 0;
  const measure = (n) => {
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) sink += sha1Fraction(inputs[i & 4095]);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / n;
  };
  measure(200_000);
  const micros = median([measure(500_000), measure(500_000), measure(500_000)]);
  return sink > 0 ? micros : micros;
}

async function heapGrowthOverEvaluations(payload, count) {
  const client = await localClient('posthog-ts', payload, { sendFeatureFlagEvent: false });
  const options = { personProperties: PERSON_PROPERTIES, onlyEvaluateLocally: true, sendFeatureFlagEvents: false };
  for (let i = 0; i < 1000; i++) await client.getFeatureFlag(`flag-${i % 50}`, `user-${i}`, options);
  const before = await settledHeap();
  for (let i = 0; i < count; i++) await client.getFeatureFlag(`flag-${i % 50}`, `user-${i}`, options);
  const after = await settledHeap();
  await client.shutdown();
  return after - before;
}

// ── the table ─────────────────────────────────────────────────────────────────────────────────

const real50 = realisticFlagSet(50);
const real500 = realisticFlagSet(500);
const simple50 = flagSet(50);
const simple500 = flagSet(500);
const REAL = 'realistic set (a block of 50 shapes repeated: rollouts, person/numeric/regex/date/semver filters, multivariate, group, nested cohort, dependency, inactive)';
/** Each SDK measured ROUNDS times, interleaved; the median of each. */
const rounds = (fn) => sideBySide(SDKS, ROUNDS, (_, name) => fn(name));

print('Fresh processes');
await row('time to the last flag, 500 flags', `fresh process per SDK, ${FIRST_FLAG_ROUNDS} interleaved rounds, each after the same random 0-8 MB of garbage for both (so a collection lands in the window as often as the SDK's own allocation makes it): CPU ms from new PostHog() (stub fetch serves the ${REAL} as text) until getFeatureFlag of the last flag, local only, has a value`, 'ms', 2, () => firstFlag(500));
await row('time to the last flag, 5,000 flags', 'the same with 5,000 flags of the realistic set', 'ms', 2, () => firstFlag(5000));
await row('cold start: import + construct', `fresh process per SDK, ${process.env.RUNS ?? 5} interleaved: CPU ms from just before import() of the package to just after new PostHog() returns (bench/cold-start.mjs)`, 'ms', 3, async () => coldStart());

print('\nFlag definitions');
await row('warm reload, 5,000 realistic definitions', `later clients in one process (fresh process per SDK, ${ROUNDS} rounds): CPU ms from new PostHog() to waitForLocalEvaluationReady(), median of 10 loads after 2 warm-up loads`, 'ms', 2, () => rounds((n) => warmLoad(n, 5000, 'realistic')));
await row('warm reload, 5,000 simple definitions', 'the same on the previous bench set (ten simple kinds of flag cycled; bench/definitions.mjs)', 'ms', 2, () => rounds((n) => warmLoad(n, 5000, 'simple')));

print('\nFlag evaluation (one client, definitions loaded; CPU µs per call, median of rounds)');
await row('getFeatureFlag, flag-called events off', `getFeatureFlag('${real50.multivariateKey}') — property-filtered multivariate of the 50-flag realistic set — users cycling through 1,000 (7–10 person properties, a company), onlyEvaluateLocally, sendFeatureFlagEvents: false`, 'µs', 20, () => rounds((n) => oneFlagCost(n, real50.payload, real50.multivariateKey, false)));
await row('getFeatureFlag, a flag-called event per read', 'the same flag, a new distinct id every call so every call sends $feature_flag_called (the event loop turns every 100 calls); the flush that delivers them (stub fetch) is counted; every event must arrive', 'µs', 20, () => rounds((n) => oneFlagCost(n, real50.payload, real50.multivariateKey, true)));
const all50 = await row('getAllFlags, 50 realistic flags', 'getAllFlags over the 50-flag realistic set, users cycling through 1,000, onlyEvaluateLocally', 'µs', 50, () => rounds((n) => allFlagsCost(n, real50.payload)));
const all500 = await row('getAllFlags, 500 realistic flags', 'the same over the 500-flag realistic set', 'µs', 50, () => rounds((n) => allFlagsCost(n, real500.payload)));
const simpleAll50 = await row('getAllFlags, 50 simple flags', 'the previous bench set (bench/definitions.mjs), one user with 5 properties', 'µs', 25, () => rounds((n) => allFlagsCost(n, simple50.payload, true)));
const simpleAll500 = await row('getAllFlags, 500 simple flags', 'the same over 500 flags', 'µs', 25, () => rounds((n) => allFlagsCost(n, simple500.payload, true)));
await row('getFeatureFlag, simple set, events off', "getFeatureFlag('flag-4') of the previous set (100% rollout multivariate), one user's properties", 'µs', 14, () => rounds((n) => oneFlagCost(n, simple50.payload, 'flag-4', false, true)));
await row('getFeatureFlag, simple set, events on', 'the same, a new distinct id every call (an event per read), flush counted', 'µs', undefined, () => rounds((n) => oneFlagCost(n, simple50.payload, 'flag-4', true, true)));

print('\nCapture');
await row('capture(): CPU per call, all-in', `${quick ? '5,000' : '20,000'} capture() calls (5 properties; the event loop turns every 100, as between requests) after as many warm-up, then flush() through a stub fetch (gzip on, maxQueueSize 1,000,000 for both): CPU µs per event, deferred work included; every event must arrive`, 'µs', 6, () => rounds(captureCost));
{
  // posthog-ts writes every event to its spool (fsync 'interval', the default); posthog-node has no spool.
  const spoolDirectory = mkdtempSync(join(tmpdir(), 'posthog-bench-spool-'));
  await row('capture(): CPU per call, posthog-ts spool on', 'the same with the spool on for posthog-ts (a temporary directory, default fsync policy); posthog-node has none', 'µs', 1.5, () => rounds((n) => captureCost(n, { spool: { directory: spoolDirectory } })));
  rmSync(spoolDirectory, { recursive: true, force: true });
}
await row('capture(): heap per queued event', `${quick ? '5,000' : '20,000'} events held in the queue (no flush): heap growth after full GCs per event`, 'B', 2.5, () => rounds(heapPerQueuedEvent));
const E2E_EVENTS = quick ? 5000 : 20_000;
/** End-to-end runs, interleaved; the median CPU and the median bytes of each SDK. */
let e2e;
async function endToEndRounds() {
  if (e2e !== undefined) return e2e;
  const runs = { 'posthog-ts': [], 'posthog-node': [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(runs)) runs[name].push(await endToEnd((host) => makeClient(name, { host, ...tsOnly(name) }), event, E2E_EVENTS));
  }
  e2e = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, { cpu: median(list.map((r) => r.cpu)), bytes: median(list.map((r) => r.bytes)) }]));
  return e2e;
}
const pick = (field) => async () => Object.fromEntries(Object.entries(await endToEndRounds()).map(([name, r]) => [name, r[field]]));
await row('end to end with gzip: CPU per event', `${E2E_EVENTS.toLocaleString('en')} events (after 2,000 warm-up) over loopback HTTP to a sink process on CPU 1, default options (gzip): closed-loop producer, bursts of 100 per event-loop turn, flush() every 1,000; CPU µs of this process per event`, 'µs', 3, pick('cpu'));
await row('end to end with gzip: wire bytes per event', 'the same runs: bytes the sink read from the socket (request lines, headers, gzip bodies) per event', 'B', 1, pick('bytes'));

print('');
if (only === undefined || only === 'floor') {
  const agreeReal = await agreement(real500.payload, 200, (i) => USER_OPTIONS[i]);
  const agreeSimple = await agreement(simple50.payload, 200, () => ({ personProperties: PERSON_PROPERTIES, onlyEvaluateLocally: true }));
  print(`flag answers: posthog-ts and posthog-node agree on all 500 realistic flags for ${agreeReal} / 200 users, on all 50 simple flags for ${agreeSimple} / 200 ids`);
}
const sha1 = sha1Micros();
const realHashes = (set) => USERS.reduce((sum, user) => sum + set.hashes(user), 0) / USERS.length;
const floors = [
  ['50 realistic', all50, realHashes(real50)],
  ['500 realistic', all500, realHashes(real500)],
  ['50 simple', simpleAll50, simple50.hashes],
  ['500 simple', simpleAll500, simple500.hashes],
].filter(([, measured]) => measured !== undefined);
print(`hashing floor (our SHA-1 on prebuilt inputs, ${sha1.toFixed(2)} µs CPU each, times the SHA-1s a minimal evaluator needs for the same users):`);
for (const [label, measured, hashes] of floors) {
  const floor = hashes * sha1;
  print(`  getAllFlags, ${label.padEnd(14)} ${hashes.toFixed(1).padStart(7)} SHA-1s = ${floor.toFixed(1).padStart(7)} µs floor; posthog-ts ${measured['posthog-ts'].toFixed(1)} µs = ${(measured['posthog-ts'] / floor).toFixed(2)}x the floor, posthog-node ${(measured['posthog-node'] / floor).toFixed(1)}x`);
  rows.push({ label: `getAllFlags / floor, ${label}`, ts: measured['posthog-ts'] / floor, node: measured['posthog-node'] / floor, unit: 'x', ratio: undefined, target: undefined });
}
if (only === undefined) {
  const evaluations = quick ? 100_000 : 1_000_000;
  const growth = await heapGrowthOverEvaluations(simple50.payload, evaluations);
  print(`posthog-ts heap after ${evaluations.toLocaleString('en')} getFeatureFlag calls over a fixed set: ${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB`);
  await regexBench({ quick });
}

const missed = rows.filter((r) => r.target !== undefined && r.ratio < r.target).map((r) => r.label);
print(missed.length === 0 ? '\nevery ratio in this run meets its target' : `\nbelow target in this run: ${missed.join('; ')}`);
print(JSON.stringify({ rows }));
