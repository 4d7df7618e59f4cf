// Contract: flag-definition-loader (PostHog/sdk-specs openspec/specs/flag-definition-loader), with
// secret-key confinement and the local → remote fallback of a client that loads definitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
  await recorder.waitFor(() => made.client.isLocalEvaluationReady() || made.logger.lines.some((l) => l.level !== 'debug'));
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

  it('reads a shared cache and skips the fetch when shouldFetch() says no', async () => {
    const stored: DefinitionsPayload[] = [];
    const cache = { get: () => definitions(), set: (p: DefinitionsPayload) => void stored.push(p), shouldFetch: () => false };
    const { client } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, new VirtualScheduler('manual'));
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), true);
    assert.equal(recorder.requestsTo('definitions').length, 0);
    assert.equal(stored.length, 0);
    await client.shutdown();
  });

  it('writes what it fetched to the cache, and a failing cache loses nothing', async () => {
    const stored: DefinitionsPayload[] = [];
    const cache = {
      get: () => {
        throw new Error('redis down');
      },
      set: (p: DefinitionsPayload) => void stored.push(p),
    };
    const { client, logger } = testClient(recorder.url, { personalApiKey: SECRET, flagDefinitionsCache: cache }, new VirtualScheduler('manual'));
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    await recorder.waitFor(() => stored.length === 1);
    assert.deepEqual(stored[0].flags.map((f) => f.key), ['everyone', 'pro-only', 'email-gate', 'kind']);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), true);
    assert.equal(logger.matching(/redis down/).length, 0, 'get() is not consulted when this process fetches');
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
