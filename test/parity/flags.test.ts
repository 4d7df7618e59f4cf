// posthog-node's flag members and flag behaviour: overrides, remote config, evaluation runtimes and
// contexts, the (key, options) forms, readiness, on-demand definition loads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { remote: true, variant: 'blue' }, payloads: { remote: { from: 'server' } } });

const on = (key: string, extra: Record<string, unknown> = {}) => ({ key, active: true, filters: { groups: [{ rollout_percentage: 100 }] }, ...extra });

describe('overrideFeatureFlags', () => {
  it('forces values over remote evaluation and sends no $feature_flag_called for them', async () => {
    const { client } = testClient(recorder.url);
    client.overrideFeatureFlags({ remote: false, forced: 'test-variant' });
    assert.equal(await client.getFeatureFlag('remote', 'u'), false);
    assert.equal(await client.getFeatureFlag('forced', 'u'), 'test-variant');
    assert.equal(await client.isFeatureEnabled('forced', 'u'), true);
    assert.deepEqual(await client.getAllFlags('u'), { remote: false, variant: 'blue', forced: 'test-variant' });
    await client.flush();
    assert.equal(flagCalls(recorder).length, 0);
    assert.equal(recorder.requestsTo('flags').length, 1, 'only getAllFlags asked the server');
    await client.shutdown();
  });

  it('takes a list of keys (each on), { flags, payloads }, and false to clear', async () => {
    const { client } = testClient(recorder.url);
    client.overrideFeatureFlags(['a', 'b']);
    assert.equal(await client.getFeatureFlag('a', 'u'), true);
    client.overrideFeatureFlags({ flags: { a: 'v' }, payloads: { a: { discount: 20 }, remote: 'forced payload' } });
    assert.equal(await client.getFeatureFlag('a', 'u'), 'v');
    assert.deepEqual(await client.getFeatureFlagPayload('a', 'u'), { discount: 20 });
    assert.deepEqual(await client.getFeatureFlagPayload('remote', 'u'), 'forced payload', 'a payload override applies without a flag override');
    assert.deepEqual((await client.getFeatureFlagResult('a', 'u'))?.payload, { discount: 20 });
    const both = await client.getAllFlagsAndPayloads('u');
    assert.equal(both.featureFlags.a, 'v');
    assert.equal(both.featureFlagPayloads.remote, 'forced payload');
    const snapshot = await client.evaluateFlags('u');
    assert.equal(snapshot.getFlag('a'), 'v');
    assert.deepEqual(snapshot.getFlagPayload('a'), { discount: 20 });
    client.overrideFeatureFlags({ flags: true } as never);
    assert.equal(await client.getFeatureFlag('flags', 'u'), true, '{ flags: true } is a flag named "flags", as in posthog-node');
    client.overrideFeatureFlags(false);
    assert.equal(await client.getFeatureFlag('a', 'u'), undefined);
    assert.deepEqual(await client.getFeatureFlagPayload('remote', 'u'), { from: 'server' });
    await client.shutdown();
  });
});

describe('getRemoteConfigPayload', () => {
  it('asks the remote config endpoint with the personal API key and decodes the doubly encoded payload', async () => {
    recorder.setFaultPolicy('other', () => ({ status: 200, body: JSON.stringify(JSON.stringify({ plan: 'pro', limits: [1, 2] })) }));
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_secret', enableLocalEvaluation: false });
    assert.deepEqual(await client.getRemoteConfigPayload('my-config'), { plan: 'pro', limits: [1, 2] });
    const [request] = recorder.requestsTo('other');
    assert.equal(request.path, '/api/projects/@current/feature_flags/my-config/remote_config');
    assert.equal(request.query.token, 'phc_test_key');
    assert.equal(request.headers.authorization, 'Bearer phx_secret');
    assert.equal(recorder.requestsTo('definitions').length, 0, 'enableLocalEvaluation: false loads no definitions');
    await client.shutdown();
  });

  it('without a personal API key, or when the request fails, resolves undefined (and reports the failure)', async () => {
    const { client, logger } = testClient(recorder.url);
    assert.equal(await client.getRemoteConfigPayload('x'), undefined);
    assert.equal(logger.matching(/needs a personalApiKey/).length, 1);
    recorder.setFaultPolicy('other', () => ({ status: 403 }));
    const keyed = testClient(recorder.url, { personalApiKey: 'phx_k', enableLocalEvaluation: false }).client;
    const errors: unknown[] = [];
    keyed.on('error', (e) => errors.push(e));
    assert.equal(await keyed.getRemoteConfigPayload('x'), undefined);
    assert.equal(errors.length, 1);
    await Promise.all([client.shutdown(), keyed.shutdown()]);
  });
});

describe('evaluation runtimes and contexts', () => {
  const definitions: DefinitionsPayload = {
    flags: [
      on('server-only', { evaluation_runtime: 'server' }),
      on('client-only', { evaluation_runtime: 'client' }),
      on('everywhere', { evaluation_runtime: 'all' }),
      on('unset'),
      on('checkout-tagged', { evaluation_contexts: ['checkout'] }),
      on('billing-tagged', { evaluation_contexts: ['billing'] }),
    ],
  };

  it('getFeatureFlagEvaluationRuntime / getFeatureFlagKeysByEvaluationRuntime read the loaded definitions', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions });
    assert.equal(client.getFeatureFlagEvaluationRuntime('server-only'), 'server');
    assert.equal(client.getFeatureFlagEvaluationRuntime('client-only'), 'client');
    assert.equal(client.getFeatureFlagEvaluationRuntime('unset'), 'all', 'absent means all');
    assert.equal(client.getFeatureFlagEvaluationRuntime('nope'), undefined);
    assert.deepEqual(client.getFeatureFlagKeysByEvaluationRuntime('server'), ['server-only', 'everywhere', 'unset', 'checkout-tagged', 'billing-tagged']);
    assert.deepEqual(client.getFeatureFlagKeysByEvaluationRuntime('client'), ['client-only', 'everywhere', 'unset', 'checkout-tagged', 'billing-tagged']);
    await client.shutdown();
  });

  it('evaluationContexts keeps untagged flags and flags tagged for a listed context, and tells /flags', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, evaluationContexts: ['checkout'] });
    assert.equal(await client.getFeatureFlag('checkout-tagged', 'u', { onlyEvaluateLocally: true }), true);
    assert.equal(await client.getFeatureFlag('unset', 'u', { onlyEvaluateLocally: true }), true);
    assert.equal(await client.getFeatureFlag('billing-tagged', 'u', { onlyEvaluateLocally: true }), undefined, 'left out of local evaluation');
    await client.getFeatureFlag('billing-tagged', 'u');
    const body = recorder.requestsTo('flags')[0].body as { evaluation_contexts?: string[] };
    assert.deepEqual(body.evaluation_contexts, ['checkout']);
    await client.shutdown();
  });
});

describe("posthog-node's call forms without a distinct id", () => {
  it('(key, options) and (options) take the request context\'s distinct id; outside one they have no value and ask nothing', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'ctx-user' }, async () => {
      assert.equal(await client.getFeatureFlag('variant', { personProperties: { plan: 'pro' } }), 'blue');
      assert.equal((await client.getFeatureFlagResult('remote', {}))?.enabled, true);
      assert.deepEqual(Object.keys(await client.getAllFlags({ flagKeys: ['remote'] })), ['remote']);
      assert.equal((await client.evaluateFlags({})).getFlag('variant'), 'blue');
    });
    const bodies = recorder.requestsTo('flags').map((r) => (r.body as { distinct_id: string; person_properties: Record<string, unknown> }));
    assert.ok(bodies.every((b) => b.distinct_id === 'ctx-user'));
    assert.deepEqual(bodies[0].person_properties, { plan: 'pro' });
    const before = recorder.requestsTo('flags').length;
    assert.equal(await client.getFeatureFlag('variant', {}), undefined);
    assert.deepEqual(await client.getAllFlags(), {});
    assert.equal(recorder.requestsTo('flags').length, before);
    await client.shutdown();
  });
});

describe('definitions: readiness and loading on demand', () => {
  it('waitForLocalEvaluationReady() is false when the definitions hold no flag, as posthog-node', async () => {
    recorder.serveDefinitions({ flags: [] });
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_k' }, null);
    assert.equal(await client.waitForLocalEvaluationReady(5_000), false);
    assert.equal(client.isLocalEvaluationReady(), false);
    await client.shutdown();
  });

  it('a failed first load is retried by the next flag call, which then evaluates locally', async () => {
    recorder.serveDefinitions({ flags: [on('local-flag')] });
    recorder.inject('definitions', { status: 500 });
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_k', featureFlagsPollingInterval: 3_600_000 }, null);
    // The failure is reported inside the load; the load has ended once the loop turns after it.
    await new Promise((resolve) => client.on('error', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(client.isLocalEvaluationReady(), false);
    assert.equal(await client.getFeatureFlag('local-flag', 'u', { sendFeatureFlagEvents: false }), true);
    assert.equal(recorder.requestsTo('definitions').length, 2, 'loaded again on demand, not after the hour-long poll');
    assert.equal(recorder.requestsTo('flags').length, 0, 'decided locally');
    await client.shutdown();
  });

  it('a missing person property is inconclusive locally and asked of /flags (the server, with every property, decides)', async () => {
    recorder.serveFlags({ needs: true });
    const needs = { key: 'needs', active: true, filters: { groups: [{ properties: [{ key: 'email', operator: 'is_not_set', value: 'is_not_set', type: 'person' }], rollout_percentage: 100 }] } };
    const { client } = testClient(recorder.url, { flagDefinitions: { flags: [needs] } });
    assert.equal(await client.getFeatureFlag('needs', 'u'), true);
    assert.equal(recorder.requestsTo('flags').length, 1);
    assert.equal(await client.getFeatureFlag('needs', 'u', { personProperties: { email: 'a@b.c' } }), false, 'decided locally once the property is given');
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });
});
