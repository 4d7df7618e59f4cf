// posthog-ts/redis against a real redis-server: a fleet of processes makes one definitions request
// per poll interval, a dead lock holder frees the next interval, and an outage falls back to direct
// polling with one warning.
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import { type RedisCommandClient, createRedisFlagDefinitionsCache } from '../../src/redis.js';
import type { Recorder } from '../../src/testing/index.js';
import { MemoryLogger, testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

const SECRET = 'phx_personal_secret_fleet';
const INTERVAL = 60_000;
/** 2026-01-01T00:00:00Z: the start of an interval, and the VirtualScheduler's start. */
const T0 = 1_767_225_600_000;

function definitions(halfRollout: number): DefinitionsPayload {
  return {
    flags: [
      { id: 1, key: 'half', active: true, filters: { groups: [{ properties: [], rollout_percentage: halfRollout }] } },
      {
        id: 2,
        key: 'kind',
        active: true,
        filters: {
          groups: [{ properties: [], rollout_percentage: 100 }],
          multivariate: { variants: [{ key: 'red', rollout_percentage: 50 }, { key: 'blue', rollout_percentage: 50 }] },
        },
      },
    ],
  };
}

let redis: RedisServer;
let recorder: Recorder;
let prefixes = 0;
const prefix = () => `test-${process.pid}-${++prefixes}`;

before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await redis?.kill();
});
useRecorder((r) => (recorder = r), { definitions: definitions(50), definitionsEtag: '"v1"', personalApiKey: SECRET });

// ── a fleet of three processes ────────────────────────────────────────────────────────────────────

type Values = Record<string, Record<string, boolean | string>>;
interface Member {
  child: ChildProcess;
  next(): Promise<{ values: Values; warnings: string[] }>;
}

function startMember(keyPrefix: string): Member {
  const script = join(process.cwd(), 'test', 'fixtures', 'redis-fleet-member.mjs');
  const child = fork(script, [recorder.url, redis.url, String(T0), SECRET, keyPrefix], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const replies: Array<{ values: Values; warnings: string[] }> = [];
  const waiting: Array<(reply: { values: Values; warnings: string[] }) => void> = [];
  child.on('message', (message: { type: string; values: Values; warnings: string[] }) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else replies.push(message);
  });
  const next = () => {
    const reply = replies.shift();
    if (reply !== undefined) return Promise.resolve(reply);
    return new Promise<{ values: Values; warnings: string[] }>((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`fleet member exited (${code}) before answering`)));
    });
  };
  return { child, next };
}

/** One poll interval: every member polls (at its own offset inside the interval), all at once. */
async function round(fleet: Member[], interval: number) {
  for (const [i, member] of fleet.entries()) member.child.send({ type: 'poll', now: T0 + interval * INTERVAL + i * 7_000 });
  return Promise.all(fleet.map((member) => member.next()));
}

describe('posthog-ts/redis: a fleet shares one definitions poll', () => {
  it('three processes: one definitions request per interval, and all three evaluate the same', async () => {
    const keyPrefix = prefix();
    const fleet = [startMember(keyPrefix), startMember(keyPrefix), startMember(keyPrefix)];
    try {
      // Interval 0: all three start together; one fetches, the other two wait for its payload.
      const first = await Promise.all(fleet.map((member) => member.next()));
      assert.equal(recorder.requestsTo('definitions').length, 1);
      for (const reply of first) assert.deepEqual(reply.values, first[0].values);
      assert.equal(new Set(Object.values(first[0].values).map((flags) => flags.half)).size, 2, 'a 50% rollout splits the 20 users');

      // Interval 1: whoever polls first asks with the shared ETag and gets a 304.
      const second = await round(fleet, 1);
      assert.equal(recorder.requestsTo('definitions').length, 2);
      assert.equal(recorder.requestsTo('definitions')[1].headers['if-none-match'], '"v1"');
      assert.equal(recorder.requestsTo('definitions')[1].outcome, 304);
      for (const reply of second) assert.deepEqual(reply.values, first[0].values);

      // Interval 2: new definitions; one process fetches them (others may still read the old ones).
      recorder.serveDefinitions(definitions(0), '"v2"');
      await round(fleet, 2);
      assert.equal(recorder.requestsTo('definitions').length, 3);
      assert.equal(recorder.requestsTo('definitions')[2].outcome, 200);

      // Interval 3: everyone has the new definitions.
      const fourth = await round(fleet, 3);
      assert.equal(recorder.requestsTo('definitions').length, 4);
      for (const reply of fourth) assert.deepEqual(reply.values, fourth[0].values);
      for (const flags of Object.values(fourth[0].values)) assert.equal(flags.half, false);
      for (const reply of fourth) assert.deepEqual(reply.warnings, []);
    } finally {
      for (const member of fleet) member.child.kill();
    }
  });
});

// ── one process at a time, in this test process ──────────────────────────────────────────────────

/**
 * A client on manual virtual time (starting at `at`) whose cache reads the same clock; `idle()` waits
 * for the load under way, `poll()` moves to the next interval and runs its poll.
 */
function member(keyPrefix: string, options: { startupWaitMs?: number; url?: string; at?: number } = {}) {
  const scheduler = new VirtualScheduler('manual');
  if (options.at !== undefined) scheduler.advance(options.at - scheduler.now());
  const logger = new MemoryLogger();
  const cache = createRedisFlagDefinitionsCache({
    url: options.url ?? redis.url,
    keyPrefix,
    pollingInterval: INTERVAL,
    startupWaitMs: options.startupWaitMs,
    now: () => scheduler.now(),
    logger,
  });
  const { client } = testClient(recorder.url, { personalApiKey: SECRET, featureFlagsPollingInterval: INTERVAL, flagDefinitionsCache: cache, logger }, scheduler);
  // The loader re-arms its poll timer when a load is over.
  const idle = () => recorder.waitFor(() => scheduler.pendingDelays().length > 0);
  const poll = async () => {
    scheduler.advance(INTERVAL);
    await idle();
  };
  return { client, scheduler, logger, idle, poll };
}

/** Runs `use` with a node-redis client of the test's own (as an application would have one). */
async function withRedisClient<T>(url: string, use: (client: RedisCommandClient) => Promise<T>): Promise<T> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

describe('posthog-ts/redis: the lock', () => {
  it('expires with its interval, so a holder that died frees the next interval', async () => {
    const keyPrefix = prefix();
    // A process took interval 0's lock, stored definitions, and died.
    await withRedisClient(redis.url, async (raw) => {
      await raw.sendCommand(['SET', `${keyPrefix}:lock:${T0 / INTERVAL}`, 'dead-process', 'PX', String(INTERVAL)]);
    });
    const seeded = member(keyPrefix, { startupWaitMs: 100 });
    await seeded.idle();
    assert.equal(recorder.requestsTo('definitions').length, 1, 'nothing stored yet: it waited, then fetched');
    await seeded.client.shutdown();

    const other = member(keyPrefix);
    await other.idle();
    assert.equal(recorder.requestsTo('definitions').length, 1, 'interval 0 is held: the new process only reads');
    assert.equal(await other.client.getFeatureFlag('kind', 'user-1', { onlyEvaluateLocally: true }) !== undefined, true);
    await other.poll();
    assert.equal(recorder.requestsTo('definitions').length, 2, 'interval 1: the lock of interval 0 does not stand in the way');
    const ttl = Number(await withRedisClient(redis.url, (raw) => raw.sendCommand(['PTTL', `${keyPrefix}:lock:${T0 / INTERVAL + 1}`])));
    assert.ok(ttl > 0 && ttl <= INTERVAL, `the lock expires by itself (PTTL ${ttl})`);
    await other.client.shutdown();
  });
});

describe('posthog-ts/redis: your own client', () => {
  it('an open node-redis client works as `client`, and stays open after shutdown', async () => {
    const keyPrefix = prefix();
    await withRedisClient(redis.url, async (own) => {
      const make = () => {
        const scheduler = new VirtualScheduler('manual');
        const cache = createRedisFlagDefinitionsCache({ client: own, keyPrefix, pollingInterval: INTERVAL, now: () => scheduler.now() });
        return testClient(recorder.url, { personalApiKey: SECRET, featureFlagsPollingInterval: INTERVAL, flagDefinitionsCache: cache }, scheduler).client;
      };
      const first = make();
      assert.equal(await first.waitForLocalEvaluationReady(), true);
      await first.shutdown();
      const second = make();
      assert.equal(await second.waitForLocalEvaluationReady(), true);
      await second.shutdown();
      assert.equal(recorder.requestsTo('definitions').length, 1, 'the second read what the first stored');
      assert.equal(await own.sendCommand(['PING']), 'PONG', 'still open');
    });
  });
});

describe('posthog-ts/redis: no Redis given', () => {
  it('says so once at creation and lets the process poll PostHog itself', async () => {
    const logger = new MemoryLogger();
    const cache = createRedisFlagDefinitionsCache({ logger });
    assert.equal(logger.matching(/give `url`/).length, 1);
    const { client } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache, logger }, new VirtualScheduler('manual'));
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    assert.equal(recorder.requestsTo('definitions').length, 1);
    await client.shutdown();
  });
});

describe('posthog-ts/redis: an outage', () => {
  let own: RedisServer;
  before(async () => {
    own = await startRedisServer();
  });
  after(async () => {
    await own?.kill();
  });

  it('falls back to direct polling with one warning, and shares again when Redis is back', async () => {
    const keyPrefix = prefix();
    const a = member(keyPrefix, { url: own.url });
    await a.idle();
    assert.equal(recorder.requestsTo('definitions').length, 1);

    await own.kill();
    for (let i = 1; i <= 3; i++) await a.poll();
    assert.equal(recorder.requestsTo('definitions').length, 4, 'each poll went to PostHog directly');
    assert.equal(await a.client.getFeatureFlag('half', 'user-1', { onlyEvaluateLocally: true }) !== undefined, true, 'flags still evaluate');
    assert.equal(a.logger.matching(/Redis is unavailable/).length, 1, 'one warning for the whole outage');
    assert.equal(a.logger.lines.filter((l) => l.level === 'warn').length, 1);

    await own.start();
    await a.poll();
    assert.equal(recorder.requestsTo('definitions').length, 5, 'it took the lock of this interval');
    assert.equal(recorder.requestsTo('definitions')[4].outcome, 304, 'nothing changed, yet Redis lost the payload: the holder put its own back');
    const b = member(keyPrefix, { url: own.url, at: a.scheduler.now() });
    await b.idle();
    assert.equal(recorder.requestsTo('definitions').length, 5, 'a second process in the same interval reads the shared payload');
    assert.equal(b.logger.lines.filter((l) => l.level === 'warn').length, 0);
    await Promise.all([a.client.shutdown(), b.client.shutdown()]);
  });
});
