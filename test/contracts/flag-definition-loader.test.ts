// Contract: flag-definition-loader (PostHog/sdk-specs openspec/specs/flag-definition-loader), with
// secret-key confinement and the local → remote fallback of a client that loads definitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlagDefinitionsCache } from '../../src/flags/definitions/cache-provider.js';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

const SECRET = 'phx_personal_secret_0123456789';
const POLL = 1_000;

/** `everyone` is on for all; `pro-only` needs `plan`; `email-gate` needs `email`; `kind` is multivariate. */
function definitions(everyoneRollout = 100): DefinitionsPayload {
  return {
    flags: [
      { id: 1, key: 'everyone', active: true, filters: { groups: [{ properties: [], rollout_percentage: everyoneRollout }] } },
      {
        id: 2,
        key: 'pro-only',
        active: true,
        filters: { groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] },
      },
      {
        id: 3,
        key: 'email-gate',
        active: true,
        filters: { groups: [{ properties: [{ key: 'email', value: '@acme.com', operator: 'icontains', type: 'person' }], rollout_percentage: 100 }] },
      },
      {
        id: 4,
        key: 'kind',
        active: true,
        filters: {
          groups: [{ properties: [], rollout_percentage: 100, variant: 'blue' }],
          multivariate: { variants: [{ key: 'blue', rollout_percentage: 50 }, { key: 'red', rollout_percentage: 50 }] },
          payloads: { blue: '{"hex":"#00f"}' },
        },
      },
    ],
    group_type_mapping: {},
    cohorts: {},
  };
}

let recorder: Recorder;
useRecorder((r) => (recorder = r), { definitions: definitions(), definitionsEtag: '"v1"', personalApiKey: SECRET, flags: { 'email-gate': true, remote: 'r' } });

/**
 * A locally evaluating client on manual virtual time, ready before the test goes on. Flag-called
 * events are off unless asked for, so the only timer is the loader's poll.
 */
async function localClient(options: Record<string, unknown> = {}) {
  const scheduler = new VirtualScheduler('manual');
  const made = testClient(recorder.url, { personalApiKey: SECRET, featureFlagsPollingInterval: POLL, sendFeatureFlagEvent: false, ...options }, scheduler);
  // Ready once the definitions are in and the next poll is armed (or the first load failed loudly).
  await recorder.waitFor(() => (made.client.isLocalEvaluationReady() && scheduler.pendingDelays().length > 0) || made.logger.lines.some((l) => l.level !== 'debug'));
  return { ...made, scheduler };
}

/**
 * Fires the poll timer and waits until the loader has handled the answer: it re-arms its timer when
 * done (or, after 401/403, logs an error instead).
 */
async function poll(scheduler: VirtualScheduler, expectedRequests: number, delay = POLL, done = () => scheduler.pendingDelays().length > 0) {
  scheduler.advance(delay);
  await recorder.waitForRequests('definitions', expectedRequests);
  await recorder.waitFor(done);
}

/** Only `beta-ui`, on for everyone — the spec's example definitions. */
const BETA_UI: DefinitionsPayload = {
  flags: [{ id: 9, key: 'beta-ui', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } }],
  group_type_mapping: { '0': 'company' },
  cohorts: { '5': { type: 'AND', values: [] } },
};

/** Whether the client decides `beta-ui` from its local definitions (no request, no /flags fallback). */
async function hasBetaUiLocally(client: ReturnType<typeof testClient>['client']): Promise<boolean> {
  return (await client.getFeatureFlag('beta-ui', 'user-123', { onlyEvaluateLocally: true, sendFeatureFlagEvents: false })) === true;
}

/** A cache provider that records what it is asked; each operation can be replaced. */
function provider(overrides: Partial<FlagDefinitionsCache> = {}) {
  const calls: string[] = [];
  const stored: DefinitionsPayload[] = [];
  const cache: FlagDefinitionsCache = {
    get: () => {
      calls.push('get');
      return undefined;
    },
    set: (payload) => {
      calls.push('set');
      stored.push(payload);
    },
    shouldFetch: () => {
      calls.push('shouldFetch');
      return true;
    },
    shutdown: () => {
      calls.push('shutdown');
    },
    ...overrides,
  };
  return { cache, calls, stored };
}

describe('flag-definition-loader: spec scenarios', () => {
  it('Loader fetches and caches local evaluation definitions', async () => {
    recorder.serveDefinitions(BETA_UI, '"beta-v1"');
    const { client, scheduler } = await localClient();
    assert.equal(recorder.requestsTo('definitions')[0].outcome, 200);
    assert.equal(client.isLocalEvaluationReady(), true);
    assert.equal(await hasBetaUiLocally(client), true);
    // Marked fresh: the loader knows the version it holds and asks only for something newer.
    await poll(scheduler, 2);
    assert.equal(recorder.requestsTo('definitions')[1].headers['if-none-match'], '"beta-v1"');
    assert.equal(recorder.requestsTo('definitions')[1].outcome, 304);
    assert.equal(await hasBetaUiLocally(client), true);
    await client.shutdown();
  });

  it('Loader keeps stale definitions when refresh fails', async () => {
    recorder.serveDefinitions(BETA_UI, '"beta-v1"');
    const { client, scheduler, logger } = await localClient();
    assert.equal(await hasBetaUiLocally(client), true);
    recorder.inject('definitions', { status: 503 });
    await poll(scheduler, 2);
    assert.equal(recorder.requestsTo('definitions')[1].outcome, 503);
    assert.equal(await hasBetaUiLocally(client), true, 'still there');
    assert.equal(logger.matching(/flag definitions: server answered 503; keeping the last definitions/).filter((l) => l.level === 'warn').length, 1);
    await client.shutdown();
  });

  it('Loader refreshes after polling interval', async () => {
    const { client, scheduler } = await localClient({ featureFlagsPollingInterval: 30_000 });
    assert.equal(recorder.requestsTo('definitions').length, 1);
    scheduler.advance(29_999);
    assert.deepEqual(scheduler.pendingDelays(), [1], 'not before 30 seconds');
    assert.equal(recorder.requestsTo('definitions').length, 1);
    scheduler.advance(1);
    await recorder.waitForRequests('definitions', 2);
    await client.shutdown();
  });

  it('Sync provider results are used where supported', async () => {
    const { cache, calls } = provider({
      shouldFetch: () => {
        calls.push('shouldFetch');
        return false;
      },
      get: () => {
        calls.push('get');
        return BETA_UI;
      },
    });
    const { client } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, new VirtualScheduler('manual'));
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    assert.equal(await hasBetaUiLocally(client), true);
    assert.deepEqual(calls, ['shouldFetch', 'get']);
    assert.equal(recorder.requestsTo('definitions').length, 0, 'no direct definitions request');
    await client.shutdown();
  });

  it('Loader stores definitions after this instance fetches', async () => {
    recorder.serveDefinitions(BETA_UI, '"beta-v1"');
    const { cache, calls, stored } = provider();
    const { client } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, new VirtualScheduler('manual'));
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    await recorder.waitFor(() => stored.length === 1);
    assert.equal(await hasBetaUiLocally(client), true);
    assert.deepEqual(calls, ['shouldFetch', 'set'], 'asked first, stored after the fetch');
    assert.equal(recorder.requestsTo('definitions').length, 1);
    assert.deepEqual(stored[0], BETA_UI, 'flags, group type mapping and cohorts, as fetched');
    await client.shutdown();
  });

  it('Async provider results are awaited where supported', async () => {
    let hand!: (payload: DefinitionsPayload) => void;
    const cached = new Promise<DefinitionsPayload>((resolve) => (hand = resolve));
    const { cache, calls } = provider({
      shouldFetch: async () => {
        calls.push('shouldFetch');
        return false;
      },
      get: () => {
        calls.push('get');
        return cached;
      },
    });
    const { client } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, new VirtualScheduler('manual'));
    const ready = client.waitForLocalEvaluationReady(60_000);
    await recorder.waitFor(() => calls.includes('get'));
    assert.equal(client.isLocalEvaluationReady(), false, 'the refresh waits for the provider');
    hand(BETA_UI);
    assert.equal(await ready, true);
    assert.equal(await hasBetaUiLocally(client), true);
    assert.equal(recorder.requestsTo('definitions').length, 0, 'no direct definitions request');
    await client.shutdown();
  });

  it('Provider read failures preserve previously loaded definitions', async () => {
    recorder.serveDefinitions(BETA_UI, '"beta-v1"');
    let fetchNext = true;
    const { cache } = provider({
      shouldFetch: () => fetchNext,
      get: () => {
        throw new Error('redis down');
      },
    });
    const scheduler = new VirtualScheduler('manual');
    const { client, logger } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, scheduler);
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    assert.equal(await hasBetaUiLocally(client), true);
    // The first load is over (stored, next poll armed) before the next refresh starts.
    await recorder.waitFor(() => scheduler.pendingDelays().length > 0);
    fetchNext = false;
    await assert.doesNotReject(client.reloadFeatureFlags());
    assert.equal(recorder.requestsTo('definitions').length, 1, 'this refresh read the provider instead');
    assert.equal(await hasBetaUiLocally(client), true, 'still there');
    assert.equal(logger.matching(/reading flag definitions from the cache failed: Error: redis down/).filter((l) => l.level === 'warn').length, 1);
    await client.shutdown();
  });

  it('Provider fetch-decision failures fail safe to direct fetch', async () => {
    recorder.serveDefinitions(BETA_UI, '"beta-v1"');
    const { cache } = provider({
      shouldFetch: () => {
        throw new Error('lock service down');
      },
    });
    const { client, logger } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, new VirtualScheduler('manual'));
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    assert.equal(recorder.requestsTo('definitions').length, 1, 'a direct definitions request');
    assert.equal(await hasBetaUiLocally(client), true);
    assert.equal(logger.matching(/shouldFetch failed, fetching: Error: lock service down/).filter((l) => l.level === 'warn').length, 1);
    await client.shutdown();
  });

  it('Provider shutdown is invoked and isolated from SDK shutdown', async () => {
    const { cache, calls } = provider({
      shouldFetch: () => false,
      get: () => BETA_UI,
      shutdown: () => {
        calls.push('shutdown');
        throw new Error('redis quit failed');
      },
    });
    const sent: string[] = [];
    const { client, logger } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache, flushAt: 100, onSuccess: (e) => sent.push(e.event) },
      new VirtualScheduler('manual'));
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    client.capture({ distinctId: 'user-123', event: 'queued before shutdown' });
    await assert.doesNotReject(client.shutdown());
    assert.equal(calls.filter((c) => c === 'shutdown').length, 1, 'the provider was shut down once');
    assert.deepEqual(sent, ['queued before shutdown'], 'the rest of shutdown went on: the queue was drained');
    assert.equal(logger.matching(/flag definitions cache shutdown failed: Error: redis quit failed/).filter((l) => l.level === 'warn').length, 1);
  });
});

describe('flag-definition-loader: cache provider that misbehaves', () => {
  it('a provider shutdown that never settles does not hold shutdown past its deadline', async () => {
    const { cache } = provider({ shouldFetch: () => false, get: () => BETA_UI, shutdown: () => new Promise<void>(() => {}) });
    const scheduler = new VirtualScheduler('manual');
    const { client, logger } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, scheduler);
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    await recorder.waitFor(() => scheduler.pendingDelays().length > 0);
    let finished = false;
    const done = client.shutdown(1_000).then(() => {
      finished = true;
    });
    // Virtual time runs on until shutdown resolves: it must, once its 1 s deadline has passed.
    await recorder.waitFor(() => {
      scheduler.advance(1_000);
      return finished;
    });
    await done;
    assert.equal(logger.matching(/flag definitions cache shutdown did not finish by the shutdown deadline/).length, 1);
    assert.deepEqual(scheduler.pendingDelays(), [], 'no timer left behind');
  });
});

describe('flag-definition-loader', () => {
  it('loads with the secret key as a Bearer token, cohorts included, and evaluates without /flags', async () => {
    const { client } = await localClient({ sendFeatureFlagEvent: true });
    const [request] = recorder.requestsTo('definitions');
    assert.equal(request.headers.authorization, `Bearer ${SECRET}`);
    assert.equal(request.query.token, 'phc_test_key');
    assert.ok('send_cohorts' in request.query);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), true);
    assert.equal(await client.getFeatureFlag('pro-only', 'u', { personProperties: { plan: 'pro' } }), true);
    assert.equal(await client.getFeatureFlag('pro-only', 'u', { personProperties: { plan: 'free' } }), false);
    const result = await client.getFeatureFlagResult('kind', 'u');
    assert.equal(result?.locallyEvaluated, true);
    assert.ok(result?.variant === 'blue');
    assert.deepEqual(result?.payload, { hex: '#00f' });
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.flush();
    const called = recorder.events.filter((e) => e.event === '$feature_flag_called');
    assert.ok(called.length > 0);
    for (const event of called) assert.equal(event.properties.locally_evaluated, true);
    await client.shutdown();
  });

  it('polls every featureFlagsPollingInterval with If-None-Match and handles 304', async () => {
    const { client, scheduler } = await localClient();
    assert.deepEqual(scheduler.pendingDelays(), [POLL]);
    await poll(scheduler, 2);
    const second = recorder.requestsTo('definitions')[1];
    assert.equal(second.headers['if-none-match'], '"v1"');
    assert.equal(second.outcome, 304);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), true, '304 keeps the definitions');
    recorder.serveDefinitions(definitions(0), '"v2"');
    await poll(scheduler, 3);
    assert.equal(recorder.requestsTo('definitions')[2].outcome, 200);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), false, 'new definitions are in force');
    await client.shutdown();
  });

  it('keeps the last good definitions through 5xx and network failures, warning once per streak', async () => {
    const { client, scheduler, logger } = await localClient();
    recorder.inject('definitions', { status: 500 }, { kind: 'reset' }, { status: 503 });
    await poll(scheduler, 2);
    await poll(scheduler, 3);
    await poll(scheduler, 4);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), true);
    assert.equal(logger.matching(/flag definitions|loading flag definitions/).filter((l) => l.level === 'warn').length, 1);
    await poll(scheduler, 5);
    recorder.inject('definitions', { status: 500 });
    await poll(scheduler, 6);
    assert.equal(logger.matching(/flag definitions/).filter((l) => l.level === 'warn').length, 2, 'a new streak warns again');
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });

  it('stops polling on 401, says so once, falls back to /flags, and reloadFeatureFlags() resumes', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client, logger } = testClient(recorder.url, { personalApiKey: 'phx_wrong', featureFlagsPollingInterval: POLL }, scheduler);
    await recorder.waitForRequests('definitions', 1);
    await recorder.waitFor(() => logger.lines.some((l) => l.level === 'error'));
    assert.equal(recorder.requestsTo('definitions')[0].outcome, 401);
    assert.deepEqual(scheduler.pendingDelays(), [], 'no poll timer after 401');
    scheduler.advance(POLL * 10);
    assert.equal(recorder.requestsTo('definitions').length, 1);
    assert.equal(logger.lines.filter((l) => l.level === 'error').length, 1);
    assert.equal(await client.getFeatureFlag('email-gate', 'u'), true, 'answered by /flags');
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.reloadFeatureFlags();
    assert.equal(recorder.requestsTo('definitions').length, 2);
    await client.shutdown();
  });

  it('stops on 403 too', async () => {
    const { client, scheduler, logger } = await localClient();
    recorder.inject('definitions', { status: 403 });
    await poll(scheduler, 2, POLL, () => logger.lines.some((l) => l.level === 'error'));
    assert.match(logger.lines.find((l) => l.level === 'error')?.message ?? '', /403/);
    assert.deepEqual(scheduler.pendingDelays(), []);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), true, 'keeps what it had');
    await client.shutdown();
  });

  it('backs off on 429, doubling the poll interval, and recovers', async () => {
    const { client, scheduler } = await localClient();
    recorder.inject('definitions', { status: 429 }, { status: 429 });
    await poll(scheduler, 2);
    assert.deepEqual(scheduler.pendingDelays(), [POLL * 2]);
    await poll(scheduler, 3, POLL * 2);
    assert.deepEqual(scheduler.pendingDelays(), [POLL * 4]);
    await poll(scheduler, 4, POLL * 4);
    assert.deepEqual(scheduler.pendingDelays(), [POLL]);
    await client.shutdown();
  });

  it('clears local definitions on 402 (quota) so flags go to /flags', async () => {
    const { client, scheduler } = await localClient();
    recorder.inject('definitions', { status: 402 });
    await poll(scheduler, 2);
    assert.equal(client.isLocalEvaluationReady(), false);
    assert.equal(await client.getFeatureFlag('remote', 'u'), 'r');
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });

  it('ignores malformed definitions and keeps the previous ones', async () => {
    const { client, scheduler } = await localClient();
    recorder.serveDefinitions({ nonsense: true } as unknown as DefinitionsPayload, '"bad"');
    await poll(scheduler, 2);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), true);
    recorder.serveDefinitions({ flags: [{ key: 'ok', active: true, filters: { groups: [{ rollout_percentage: 100 }] } }, { key: 'broken', filters: 'garbage' } as never, null as never] }, '"half"');
    await poll(scheduler, 3);
    assert.equal(await client.getFeatureFlag('ok', 'u', { onlyEvaluateLocally: true }), true, 'one malformed flag does not break the others');
    await client.shutdown();
  });

  it('leaves no timer behind after shutdown while polling', async () => {
    const { client, scheduler } = await localClient();
    assert.equal(scheduler.pendingDelays().length, 1);
    await client.shutdown();
    assert.deepEqual(scheduler.pendingDelays(), []);
  });
});

describe('flag-definition-loader: secret key confinement', () => {
  it('sends the personal API key to the definitions endpoint only, and never logs it', async () => {
    const { client, logger } = await localClient({ debug: true });
    client.capture({ distinctId: 'u', event: 'e', properties: { a: 1 } });
    client.identify({ distinctId: 'u', properties: { email: 'x@y.z' } });
    await client.getFeatureFlag('email-gate', 'u');
    await client.getAllFlags('u');
    recorder.inject('definitions', { status: 500 }, { status: 401 });
    await client.reloadFeatureFlags();
    await client.reloadFeatureFlags();
    assert.ok(logger.lines.some((l) => l.level === 'error'), 'the 401 was reported');
    await client.flush();
    assert.ok(recorder.requestsTo('flags').length > 0 && recorder.requestsTo('batch').length > 0);
    for (const request of recorder.requests) {
      const text = JSON.stringify({ body: request.body, path: request.path, query: request.query, headers: { ...request.headers, authorization: undefined } });
      assert.ok(!text.includes(SECRET), `secret found in a ${request.route} request`);
      if (request.route !== 'definitions') assert.equal(request.headers.authorization, undefined, `Authorization on ${request.route}`);
    }
    for (const line of logger.lines) assert.ok(!line.message.includes(SECRET), `secret in log line: ${line.message}`);
    await client.shutdown();
  });
});

describe('flag-definition-loader: definitions without the network (cache provider, flagDefinitions)', () => {
  it('flagDefinitions evaluates locally with no request at all', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions() });
    assert.equal(client.isLocalEvaluationReady(), true);
    assert.equal(await client.getFeatureFlag('everyone', 'u', { sendFeatureFlagEvents: false }), true);
    assert.deepEqual(await client.getAllFlags('u', { onlyEvaluateLocally: true, personProperties: { plan: 'pro', email: 'a@acme.com' } }), {
      everyone: true,
      'pro-only': true,
      'email-gate': true,
      kind: 'blue',
    });
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });
});

describe('flag-definition-loader: local → remote fallback', () => {
  it('sends only an inconclusive flag to /flags, naming just that key', async () => {
    const { client } = await localClient();
    assert.equal(await client.getFeatureFlag('email-gate', 'u'), true);
    const [request] = recorder.requestsTo('flags');
    assert.deepEqual((request.body as { flag_keys_to_evaluate: string[] }).flag_keys_to_evaluate, ['email-gate']);
    assert.equal(await client.getFeatureFlag('email-gate', 'u', { personProperties: { email: 'me@acme.com' } }), true);
    assert.equal(recorder.requestsTo('flags').length, 1, 'decided locally once the property is given');
    const result = await client.getFeatureFlagResult('email-gate', 'u');
    assert.equal(result?.locallyEvaluated, false);
    await client.shutdown();
  });

  it('getAllFlags merges local answers with one request for the rest', async () => {
    const { client } = await localClient();
    const all = await client.getAllFlags('u', { personProperties: { plan: 'free' } });
    assert.equal(all.everyone, true);
    assert.equal(all['pro-only'], false);
    assert.equal(all['email-gate'], true, 'from /flags');
    assert.equal(all.kind, 'blue');
    const requests = recorder.requestsTo('flags');
    assert.equal(requests.length, 1);
    assert.deepEqual((requests[0].body as { flag_keys_to_evaluate: string[] }).flag_keys_to_evaluate, ['email-gate']);
    const snapshot = await client.evaluateFlags('u', { personProperties: { plan: 'free' } });
    assert.equal(snapshot.getFlag('email-gate'), true);
    assert.equal(recorder.requestsTo('flags').length, 2, 'evaluateFlags makes one request too');
    await client.shutdown();
  });

  it('onlyEvaluateLocally answers undefined for an inconclusive flag and makes no request', async () => {
    const { client } = await localClient();
    assert.equal(await client.getFeatureFlag('email-gate', 'u', { onlyEvaluateLocally: true }), undefined);
    assert.equal(await client.isFeatureEnabled('email-gate', 'u', { onlyEvaluateLocally: true, defaultValue: false }), false);
    const all = await client.getAllFlags('u', { onlyEvaluateLocally: true });
    assert.equal('email-gate' in all, false);
    assert.equal(all.everyone, true);
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });

  it('strictLocalEvaluation never calls /flags', async () => {
    const { client } = await localClient({ strictLocalEvaluation: true });
    assert.equal(await client.getFeatureFlag('email-gate', 'u'), undefined);
    assert.equal(await client.getFeatureFlag('unknown-flag', 'u'), undefined);
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });

  it('a flag missing from local definitions is asked of /flags', async () => {
    const { client } = await localClient();
    assert.equal(await client.getFeatureFlag('remote', 'u'), 'r');
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { flag_keys_to_evaluate: string[] }).flag_keys_to_evaluate, ['remote']);
    await client.shutdown();
  });
});
