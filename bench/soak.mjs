// Fault soak: 20,000 events per scenario through a misbehaving PostHog stand-in (the test recorder),
// posthog-ts and posthog-node side by side with the same options, then shutdown(60000). Prints what
// arrived, what was lost and what arrived twice. Then kill-and-restart: a process SIGKILLed after
// 12,000 returned captures under the 20% mixed faults, and a new one started with the same options
// (posthog-ts with its spool on; posthog-node has none). Usage: npm run soak [-- --events 5000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostHog as NodePostHog } from 'posthog-node';
import { PostHog } from '../dist/esm/index.js';
import { startRecorder } from '../dist/esm/testing/index.js';
import { random } from './seeded-random.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const EVENTS = arg('events', 20_000);
// posthog-node reports every failed flush on the console; keep the table readable.
const print = console.log.bind(console);
console.log = console.warn = console.error = () => {};
const SHUTDOWN_MS = 60_000;
/** Captures arrive in bursts of this many, one burst per tick, as a busy server would send them. */
const BURST = 200;
const TICK_MS = 10;

const SCENARIOS = [
  {
    name: '20% mixed 5xx / resets / never answered',
    policy: () => {
      const next = random(1);
      return () => {
        const p = next();
        if (p < 0.2 / 3) return { status: [500, 502, 503][Math.floor(next() * 3)] };
        if (p < 0.4 / 3) return { kind: 'reset' };
        if (p < 0.2) return { kind: 'hang' };
        return undefined;
      };
    },
  },
  {
    name: '10% responses lost after storing',
    policy: () => {
      const next = random(2);
      return () => (next() < 0.1 ? { kind: 'lose-response' } : undefined);
    },
  },
  {
    name: '50% 429 with Retry-After: 1',
    policy: () => {
      const next = random(3);
      return () => (next() < 0.5 ? { status: 429, retryAfter: '1' } : undefined);
    },
  },
  {
    name: '10 s outage (503s and resets)',
    policy: () => {
      let start;
      let n = 0;
      return () => {
        start ??= Date.now();
        if (Date.now() - start >= 10_000) return undefined;
        return n++ % 2 === 0 ? { status: 503 } : { kind: 'reset' };
      };
    },
  },
];

const SDKS = {
  'posthog-ts': (host) => new PostHog('phc_soak', { host, maxQueueSize: EVENTS, logger: { debug() {}, warn() {}, error() {} } }),
  'posthog-node': (host) => {
    const client = new NodePostHog('phc_soak', { host, maxQueueSize: EVENTS });
    client.on('error', () => {});
    return client;
  },
};

async function run(scenario, name) {
  const recorder = await startRecorder();
  recorder.setFaultPolicy('batch', scenario.policy());
  const client = SDKS[name](recorder.url);
  const started = Date.now();
  for (let sent = 0; sent < EVENTS; ) {
    for (let i = 0; i < BURST && sent < EVENTS; i++, sent++) {
      client.capture({ distinctId: `user-${sent % 500}`, event: 'soak', properties: { n: sent } });
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await client.shutdown(SHUTDOWN_MS);
  const seconds = (Date.now() - started) / 1000;
  const requests = recorder.requestsTo('batch');
  const result = {
    delivered: recorder.uniqueEventCount(),
    lost: EVENTS - recorder.uniqueEventCount(),
    duplicated: recorder.duplicateEventCount(),
    requests: requests.length,
    lostResponses: requests.filter((r) => r.outcome === 'lost').length,
    seconds,
  };
  await recorder.close();
  return result;
}

print(`fault soak: ${EVENTS.toLocaleString('en')} events per scenario, shutdown(${SHUTDOWN_MS}), same options for both SDKs (maxQueueSize ${EVENTS})\n`);
let ok = true;
for (const scenario of SCENARIOS) {
  const results = Object.fromEntries(await Promise.all(Object.keys(SDKS).map(async (name) => [name, await run(scenario, name)])));
  print(scenario.name);
  for (const [name, r] of Object.entries(results)) {
    print(
      `  ${name.padEnd(13)} delivered ${String(r.delivered).padStart(6)}   lost ${String(r.lost).padStart(6)}   duplicated ${String(r.duplicated).padStart(5)}   (${r.requests} requests, ${r.lostResponses} responses lost, ${r.seconds.toFixed(1)} s)`,
    );
  }
  const ours = results['posthog-ts'];
  if (ours.lost > 0 || (ours.duplicated > 0 && ours.lostResponses === 0)) ok = false;
}
const KILL_AFTER = Math.min(12_000, EVENTS);
const childScript = fileURLToPath(new URL('./soak-kill-child.mjs', import.meta.url));

/** Runs one soak-kill-child.mjs process; resolves with the lines it printed. */
function child(args) {
  return new Promise((resolve) => {
    const running = spawn(process.execPath, [childScript, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    running.stdout.on('data', (chunk) => (out += chunk));
    running.stdout.on('end', () => resolve(out.split('\n').filter(Boolean)));
  });
}

async function killAndRestart(name) {
  const recorder = await startRecorder();
  recorder.setFaultPolicy('batch', SCENARIOS[0].policy());
  const directory = mkdtempSync(join(tmpdir(), 'posthog-soak-spool-'));
  const started = Date.now();
  const returned = await child([name, recorder.url, 'capture', directory, String(KILL_AFTER)]);
  await child([name, recorder.url, 'restart', directory]);
  const received = new Set(recorder.events.map((e) => e.uuid));
  const requests = recorder.requestsTo('batch');
  const result = {
    returned: returned.length,
    lost: returned.filter((uuid) => !received.has(uuid)).length,
    duplicated: recorder.duplicateEventCount(),
    requests: requests.length,
    seconds: (Date.now() - started) / 1000,
  };
  await recorder.close();
  rmSync(directory, { recursive: true, force: true });
  return result;
}

const killed = Object.fromEntries(await Promise.all(Object.keys(SDKS).map(async (name) => [name, await killAndRestart(name)])));
print(`\nkill-and-restart: SIGKILL after ${KILL_AFTER.toLocaleString('en')} returned captures under 20% mixed faults, then a new process with the same options (posthog-ts: spool on)`);
for (const [name, r] of Object.entries(killed)) {
  print(
    `  ${name.padEnd(13)} returned ${String(r.returned).padStart(6)}   lost ${String(r.lost).padStart(6)}   duplicated ${String(r.duplicated).padStart(5)}   (${r.requests} requests, ${r.seconds.toFixed(1)} s)`,
  );
}
if (killed['posthog-ts'].returned !== KILL_AFTER || killed['posthog-ts'].lost > 0) ok = false;
print(ok ? '\nposthog-ts: nothing lost, duplicates only where a response was lost or a process was killed' : '\nposthog-ts: missed the target (see above)');
process.exitCode = ok ? 0 : 1;
