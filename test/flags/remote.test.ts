import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { 'beta-ui': true, checkout: 'variant-b', legacy: false }, payloads: { checkout: { color: 'blue' } } });

type FlagsBody = Record<string, unknown> & { flag_keys_to_evaluate?: string[] };
const flagsBodies = () => recorder.requestsTo('flags').map((r) => r.body as FlagsBody);
const calledEvents = () => recorder.events.filter((e) => e.event === '$feature_flag_called');

describe('remote flags: the /flags request', () => {
  it('posts the documented body to /flags/?v=2 without any Authorization header', async () => {
    const { client } = testClient(recorder.url, { personalApiKey: undefined });
    const value = await client.getFeatureFlag('checkout', 'user-1', {
      groups: { company: 'acme' },
      personProperties: { plan: 'pro' },
      groupProperties: { company: { size: 10 } },
    });
    assert.equal(value, 'variant-b');
    const [request] = recorder.requestsTo('flags');
    assert.equal(request.method, 'POST');
    assert.equal(request.query.v, '2');
    assert.equal(request.headers.authorization, undefined);
    const body = request.body as FlagsBody;
    assert.equal(body.token, 'phc_test_key');
    assert.equal(body.distinct_id, 'user-1');
    assert.deepEqual(body.groups, { company: 'acme' });
    assert.deepEqual(body.person_properties, { plan: 'pro' }, 'distinct_id is not copied into person_properties');
    assert.equal(body.geoip_disable, true, 'GeoIP off by default on a server, as posthog-node');
    assert.equal(body.evaluation_runtime, 'server');
    assert.deepEqual(body.group_properties, { company: { $group_key: 'acme', size: 10 } });
    assert.deepEqual(body.flag_keys_to_evaluate, ['checkout']);
    await client.shutdown();
  });

  it('answers isFeatureEnabled, getFeatureFlag, payloads and results from one response shape', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.isFeatureEnabled('beta-ui', 'u'), true);
    assert.equal(await client.isFeatureEnabled('legacy', 'u'), false);
    assert.equal(await client.isFeatureEnabled('checkout', 'u'), true);
    assert.deepEqual(await client.getFeatureFlagPayload('checkout', 'u'), { color: 'blue' });
    const result = await client.getFeatureFlagResult('checkout', 'u');
    assert.equal(result?.variant, 'variant-b');
    assert.equal(result?.enabled, true);
    assert.deepEqual(result?.payload, { color: 'blue' });
    assert.equal(result?.locallyEvaluated, false);
    assert.equal(result?.reasonCode, 'condition_match');
    await client.shutdown();
  });

  it('getAllFlags and getAllFlagsAndPayloads make one request for every flag', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlags('u'), { 'beta-ui': true, checkout: 'variant-b', legacy: false });
    const both = await client.getAllFlagsAndPayloads('u');
    assert.deepEqual(both.featureFlagPayloads, { checkout: { color: 'blue' } });
    assert.equal(recorder.requestsTo('flags').length, 2);
    assert.equal(flagsBodies()[0].flag_keys_to_evaluate, undefined);
    await client.flush();
    assert.equal(calledEvents().length, 0, 'bulk getters never emit $feature_flag_called');
    await client.shutdown();
  });

  it('evaluateFlags makes one request and its snapshot answers every read', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    assert.equal(flags.isEnabled('beta-ui'), true);
    assert.equal(flags.getFlag('checkout'), 'variant-b');
    assert.deepEqual(flags.getFlagPayload('checkout'), { color: 'blue' });
    assert.equal(flags.isEnabled('nope'), false);
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });

  it('reads the legacy response shape (featureFlags / featureFlagPayloads)', async () => {
    recorder.serveFlagsBody({ featureFlags: { old: 'v1', off: false }, featureFlagPayloads: { old: '{"a":1}' } });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('old', 'u'), 'v1');
    assert.equal(await client.getFeatureFlag('off', 'u'), false);
    assert.deepEqual(await client.getFeatureFlagPayload('old', 'u'), { a: 1 });
    await client.shutdown();
  });
});

describe('remote flags: failures never throw', () => {
  it('retries 502 and 504 once, so a transient failure still answers', async () => {
    for (const status of [502, 504]) {
      recorder.reset();
      recorder.inject('flags', { status });
      const { client } = testClient(recorder.url);
      assert.equal(await client.getFeatureFlag('beta-ui', 'u'), true, `after one ${status}`);
      assert.equal(recorder.requestsTo('flags').length, 2);
      await client.shutdown();
    }
  });

  it('does not retry 500, 503, 429 or 400, and answers undefined', async () => {
    for (const status of [500, 503, 429, 400]) {
      recorder.reset();
      recorder.inject('flags', { status });
      const { client } = testClient(recorder.url);
      assert.equal(await client.getFeatureFlag('beta-ui', 'u'), undefined, `on ${status}`);
      assert.equal(await client.isFeatureEnabled('beta-ui', 'u', { defaultValue: true }), true, 'returns a given default');
      assert.equal(recorder.requestsTo('flags').length, 2, `one request per call on ${status}`);
      await client.shutdown();
    }
  });

  it('gives up after the retry when the network keeps failing', async () => {
    recorder.inject('flags', { kind: 'reset' }, { kind: 'reset' });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('beta-ui', 'u'), undefined);
    assert.equal(recorder.requestsTo('flags').length, 2);
    await client.flush();
    const [event] = calledEvents();
    // posthog-node reports every failed /flags request as unknown_error (the cause is logged).
    assert.equal(event.properties.$feature_flag_error, 'unknown_error');
    assert.equal('$feature_flag_response' in event.properties ? event.properties.$feature_flag_response : undefined, undefined);
    await client.shutdown();
  });

  it('times out a request that never answers', async () => {
    recorder.inject('flags', { kind: 'hang' }, { kind: 'hang' });
    const { client } = testClient(recorder.url, { featureFlagsRequestTimeoutMs: 50 }, null);
    assert.equal(await client.getFeatureFlag('beta-ui', 'u'), undefined);
    await client.flush();
    assert.equal(calledEvents()[0].properties.$feature_flag_error, 'unknown_error');
    await client.shutdown();
  });

  it('answers getAllFlags with {} and evaluateFlags with an empty snapshot on error', async () => {
    recorder.inject('flags', { status: 500 }, { status: 500 });
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlags('u'), {});
    const snapshot = await client.evaluateFlags('u');
    assert.deepEqual(snapshot.keys, []);
    await client.shutdown();
  });

  it('garbage bodies give undefined', async () => {
    recorder.serveFlagsBody('not json at all');
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('beta-ui', 'u'), undefined);
    await client.shutdown();
  });

  it('quotaLimited: no flag has a value and the event says quota_limited,flag_missing', async () => {
    recorder.serveFlagsBody({ flags: {}, quotaLimited: ['feature_flags'], requestId: 'r1' });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('beta-ui', 'u'), undefined);
    await client.flush();
    assert.equal(calledEvents()[0].properties.$feature_flag_error, 'quota_limited,flag_missing', 'as posthog-node: the flag is missing from a quota-limited answer too');
    await client.shutdown();
  });

  it('a flag the server marks failed has no value', async () => {
    recorder.serveFlagsBody({ flags: { broken: { key: 'broken', enabled: false, failed: true, variant: null } }, errorsWhileComputingFlags: true });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('broken', 'u'), undefined);
    await client.flush();
    assert.match(String(calledEvents()[0].properties.$feature_flag_error), /errors_while_computing_flags/);
    await client.shutdown();
  });

  it('names an unknown flag flag_missing and gives no value', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('does-not-exist', 'u'), undefined);
    await client.flush();
    assert.equal(calledEvents()[0].properties.$feature_flag_error, 'flag_missing');
    await client.shutdown();
  });
});

describe('$feature_flag_called', () => {
  it('carries the documented properties', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('checkout', 'user-7', { groups: { company: 'acme' } });
    await client.flush();
    const [event] = calledEvents();
    assert.equal(event.distinct_id, 'user-7');
    assert.equal(event.properties.$feature_flag, 'checkout');
    assert.equal(event.properties.$feature_flag_response, 'variant-b');
    assert.equal(event.properties['$feature/checkout'], 'variant-b');
    assert.equal(event.properties.locally_evaluated, false);
    assert.equal(event.properties.$feature_flag_id, 2);
    assert.equal(event.properties.$feature_flag_version, 1);
    assert.equal(event.properties.$feature_flag_reason, 'Matched condition set 1');
    assert.equal(typeof event.properties.$feature_flag_request_id, 'string');
    assert.deepEqual(event.properties.$groups, { company: 'acme' });
    await client.shutdown();
  });

  it('is sent once per (distinct id, flag, value, groups), whatever the group key order', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('checkout', 'a', { groups: { company: 'acme', team: 't1' } });
    await client.getFeatureFlag('checkout', 'a', { groups: { team: 't1', company: 'acme' } });
    await client.isFeatureEnabled('checkout', 'a', { groups: { company: 'acme', team: 't1' } });
    await client.getFeatureFlag('checkout', 'b', { groups: { company: 'acme', team: 't1' } });
    await client.getFeatureFlag('checkout', 'a', { groups: { company: 'other', team: 't1' } });
    recorder.serveFlags({ checkout: 'variant-c' });
    await client.getFeatureFlag('checkout', 'a', { groups: { company: 'acme', team: 't1' } });
    await client.flush();
    const seen = calledEvents().map((e) => `${e.distinct_id}|${(e.properties.$groups as Record<string, string>).company}|${e.properties.$feature_flag_response}`);
    assert.deepEqual(seen, ['a|acme|variant-b', 'b|acme|variant-b', 'a|other|variant-b', 'a|acme|variant-c']);
    await client.shutdown();
  });

  it('is not sent by payload reads, nor when the caller turns it off', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlagPayload('checkout', 'u');
    await client.getFeatureFlag('beta-ui', 'u', { sendFeatureFlagEvents: false });
    await client.flush();
    assert.equal(calledEvents().length, 0);
    await client.shutdown();
  });

  it('snapshot reads emit once per flag and filtered copies emit nothing', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    flags.isEnabled('beta-ui');
    flags.getFlag('beta-ui');
    flags.only(['checkout']).getFlag('checkout');
    await client.flush();
    assert.deepEqual(calledEvents().map((e) => e.properties.$feature_flag), ['beta-ui']);
    await client.shutdown();
  });

  it('sendFeatureFlags on capture adds $feature/<key> and $active_feature_flags', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'bought', sendFeatureFlags: true });
    await client.flush();
    const bought = recorder.events.find((e) => e.event === 'bought');
    assert.ok(bought);
    assert.equal(bought.properties['$feature/checkout'], 'variant-b');
    assert.equal(bought.properties['$feature/legacy'], false);
    assert.deepEqual(bought.properties.$active_feature_flags, ['beta-ui', 'checkout']);
    await client.shutdown();
  });
});
