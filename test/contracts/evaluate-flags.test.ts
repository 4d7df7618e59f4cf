// Contract: evaluate-flags (PostHog/sdk-specs openspec/specs/evaluate-flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);
const flagRequests = () => recorder.requestsTo('flags');
const askedKeys = () => flagRequests().map((r) => (r.body as { flag_keys_to_evaluate?: string[] }).flag_keys_to_evaluate);

/** `local-flag` decides locally; `remote-flag` needs a person property the calls do not give. */
const LOCAL_AND_REMOTE: DefinitionsPayload = {
  flags: [
    { key: 'local-flag', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } },
    { key: 'remote-flag', active: true, filters: { groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] } },
  ],
};

describe('evaluate-flags: spec scenarios', () => {
  it('One evaluation powers multiple flag branches', async () => {
    recorder.serveFlags({ checkout: true, 'new-nav': 'v2' });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    assert.equal(flagRequests().length, 1);
    assert.equal(flags.isEnabled('checkout'), true);
    assert.equal(flags.getFlag('new-nav'), 'v2');
    assert.equal(flags.isEnabled('checkout'), true);
    assert.equal(flagRequests().length, 1, 'the accessors made no request');
    await client.shutdown();
  });

  it('Snapshot boolean access is not a direct evaluation call', async () => {
    const on = (active: boolean): DefinitionsPayload => ({ flags: [{ key: 'checkout', active, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } }] });
    recorder.serveDefinitions(on(true));
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_secret', sendFeatureFlagEvent: false }, scheduler);
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    await recorder.waitFor(() => scheduler.pendingDelays().length > 0); // the first load is over
    const flags = await client.evaluateFlags('user-123');
    // The definitions change and are reloaded: a direct call now says off; the snapshot does not look.
    recorder.serveDefinitions(on(false));
    await client.reloadFeatureFlags();
    assert.equal(await client.getFeatureFlag('checkout', 'user-123'), false);
    assert.equal(flags.isEnabled('checkout'), true);
    assert.equal(flagRequests().length, 0, 'no remote endpoint consulted');
    await client.shutdown();
  });

  it('Remote fallback fills unresolved flags once', async () => {
    recorder.serveFlags({ 'local-flag': 'remote-value', 'remote-flag': 'from-server' });
    const { client } = testClient(recorder.url, { flagDefinitions: LOCAL_AND_REMOTE });
    const flags = await client.evaluateFlags('user-123');
    assert.equal(flagRequests().length, 1, 'at most one remote request');
    assert.equal(flags.getFlag('local-flag'), true, 'the local value');
    assert.equal(flags.getFlag('remote-flag'), 'from-server');
    await client.shutdown();
  });

  it('Missing requested local definition triggers scoped remote fallback', async () => {
    recorder.serveFlags({ 'local-flag': 'remote-differs', 'missing-local-flag': 'from-server' });
    const { client } = testClient(recorder.url, { flagDefinitions: LOCAL_AND_REMOTE });
    const flags = await client.evaluateFlags('user-123', { flagKeys: ['local-flag', 'missing-local-flag'] });
    assert.equal(flagRequests().length, 1);
    assert.deepEqual(askedKeys()[0]?.slice().sort(), ['local-flag', 'missing-local-flag'], 'the original requested scope');
    assert.equal(flags.getFlag('local-flag'), true, 'the local value is kept');
    assert.equal(flags.getFlag('missing-local-flag'), 'from-server');
    await client.shutdown();
  });

  it('Optional negative knowledge bounds probes until definitions refresh', async () => {
    recorder.serveDefinitions(LOCAL_AND_REMOTE, '"v1"');
    recorder.serveFlags({ 'local-flag': true });
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_secret', featureFlagsPollingInterval: 1_000 }, scheduler);
    await recorder.waitFor(() => client.isLocalEvaluationReady() && scheduler.pendingDelays().length > 0);
    const probe = async () => {
      const before = flagRequests().length;
      const flags = await client.evaluateFlags('user-123', { flagKeys: ['deleted-flag'] });
      assert.equal(flags.keys.includes('deleted-flag'), false);
      return flagRequests().length - before;
    };
    assert.equal(await probe(), 1, 'the first probe asks the server');
    assert.ok((await probe()) <= 1, 'a repeat probe makes at most one request (posthog-ts keeps no negative knowledge: it asks again)');
    // A successful refresh (304) clears whatever was known.
    scheduler.advance(1_000);
    await recorder.waitForRequests('definitions', 2);
    await recorder.waitFor(() => scheduler.pendingDelays().length > 0);
    assert.equal(recorder.requestsTo('definitions')[1].outcome, 304);
    assert.equal(await probe(), 1, 'after the refresh, one remote fallback request');
    await client.shutdown();
  });

  it('Unsuccessful remote responses do not establish missing-key knowledge', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: LOCAL_AND_REMOTE });
    const failures = [
      () => recorder.inject('flags', { status: 500 }),
      () => recorder.serveFlagsBody({ flags: {}, quotaLimited: ['feature_flags'], errorsWhileComputingFlags: false }),
      () => recorder.serveFlagsBody({ flags: {}, errorsWhileComputingFlags: true }),
    ];
    for (const fail of failures) {
      fail();
      await client.evaluateFlags('user-123', { flagKeys: ['missing-local-flag'] });
    }
    recorder.serveFlags({ 'missing-local-flag': 'now-there' });
    const flags = await client.evaluateFlags('user-123', { flagKeys: ['missing-local-flag'] });
    assert.equal(flagRequests().length, 4, 'every evaluation asked again');
    assert.equal(flags.getFlag('missing-local-flag'), 'now-there');
    await client.shutdown();
  });

  it('Local-only evaluation omits unresolved flags', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: LOCAL_AND_REMOTE });
    const flags = await client.evaluateFlags('user-123', { onlyEvaluateLocally: true });
    assert.equal(flagRequests().length, 0);
    assert.deepEqual(flags.keys, ['local-flag']);
    assert.equal(flags.getFlag('remote-flag'), undefined);
    await client.shutdown();
  });

  it('Request-time key filtering scopes evaluation', async () => {
    recorder.serveFlags({ checkout: true, 'new-nav': true, search: 'fuzzy' });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123', { flagKeys: ['checkout', 'search'] });
    assert.deepEqual(askedKeys(), [['checkout', 'search']]);
    assert.deepEqual(flags.keys.sort(), ['checkout', 'search']);
    // Locally too: values outside the requested set are dropped.
    const local = testClient(recorder.url, { flagDefinitions: LOCAL_AND_REMOTE });
    const scoped = await local.client.evaluateFlags('user-123', { flagKeys: ['local-flag'], onlyEvaluateLocally: true });
    assert.deepEqual(scoped.keys, ['local-flag']);
    await Promise.all([client.shutdown(), local.client.shutdown()]);
  });

  it('Snapshot accessors project boolean and variant values', async () => {
    recorder.serveFlags({ a: true, b: false, c: 'blue' });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    assert.deepEqual([flags.isEnabled('a'), flags.getFlag('a')], [true, true]);
    assert.deepEqual([flags.isEnabled('b'), flags.getFlag('b')], [false, false]);
    assert.deepEqual([flags.isEnabled('c'), flags.getFlag('c')], [true, 'blue']);
    await client.shutdown();
  });

  it('Missing snapshot value is distinct from disabled value', async () => {
    recorder.serveFlags({ known: false });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    assert.equal(flags.getFlag('known'), false);
    assert.equal(flags.getFlag('missing'), undefined);
    assert.equal(flags.isEnabled('missing'), false);
    assert.equal(flags.isEnabled('missing', { defaultValue: true }), true, 'a caller default covers only the missing case');
    assert.equal(flags.isEnabled('known', { defaultValue: true }), false);
    await client.shutdown();
  });

  it('Existing snapshot does not change after another evaluation', async () => {
    recorder.serveFlags({ checkout: true });
    const { client } = testClient(recorder.url);
    const original = await client.evaluateFlags('user-123');
    recorder.serveFlags({ checkout: false });
    const later = await client.evaluateFlags('user-123');
    assert.equal(later.getFlag('checkout'), false);
    assert.equal(original.getFlag('checkout'), true);
    await client.shutdown();
  });

  it('Payload read is a silent snapshot lookup', async () => {
    recorder.serveFlags({ checkout: true }, { checkout: { copy: 'new' } });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    assert.deepEqual(flags.getFlagPayload('checkout'), { copy: 'new' });
    await client.flush();
    assert.equal(flagRequests().length, 1, 'no evaluation request');
    assert.equal(called().length, 0, 'no $feature_flag_called');
    assert.deepEqual(flags.onlyAccessed().keys, [], 'not marked accessed');
    await client.shutdown();
  });

  it('Evaluation emits no exposure until a flag is used', async () => {
    recorder.serveFlags({ checkout: 'blue' });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123', { groups: { company: 'acme' } });
    await client.flush();
    assert.equal(called().length, 0);
    flags.isEnabled('checkout');
    await client.flush();
    assert.deepEqual(called().map((e) => [e.distinct_id, e.properties.$feature_flag, e.properties.$feature_flag_response, e.properties.$groups]), [
      ['user-123', 'checkout', 'blue', { company: 'acme' }],
    ]);
    await client.shutdown();
  });

  it('Boolean and value access share exposure dedupe', async () => {
    recorder.serveFlags({ checkout: 'blue' });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    flags.isEnabled('checkout');
    flags.getFlag('checkout');
    flags.isEnabled('checkout');
    await client.flush();
    assert.deepEqual(called().map((e) => e.properties.$feature_flag_response), ['blue']);
    await client.shutdown();
  });

  it('Missing-key access on an original snapshot reports a missing flag', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    assert.equal(flags.isEnabled('typo-flag'), false);
    assert.equal(flags.getFlag('typo-flag'), undefined);
    await client.flush();
    const missing = called().filter((e) => e.properties.$feature_flag === 'typo-flag');
    assert.equal(missing.length, 1);
    assert.equal(missing[0].properties.$feature_flag_error, 'flag_missing');
    await client.shutdown();
  });

  it('Capture uses the exact snapshot decision without reevaluation', async () => {
    recorder.serveFlags({ checkout: 'blue', 'new-nav': false });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    if (flags.getFlag('checkout') === 'blue') flags.isEnabled('new-nav');
    recorder.serveFlags({ checkout: 'red', 'new-nav': true });
    client.capture({ distinctId: 'user-123', event: 'purchased', flags });
    await client.flush();
    assert.equal(flagRequests().length, 1, 'capture made no evaluation request');
    const [event] = recorder.events.filter((e) => e.event === 'purchased');
    assert.equal(event.properties['$feature/checkout'], 'blue');
    assert.equal(event.properties['$feature/new-nav'], false);
    assert.deepEqual(event.properties.$active_feature_flags, ['checkout']);
    await client.shutdown();
  });

  it('Accessed filter before branching is empty', async () => {
    recorder.serveFlags({ a: true, b: true });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    assert.deepEqual(flags.onlyAccessed().keys, []);
    await client.shutdown();
  });

  it('Accessed filter contains only value-accessed flags', async () => {
    recorder.serveFlags({ a: true, b: true, c: 'x' }, { b: { p: 1 } });
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    flags.isEnabled('a');
    flags.getFlag('c');
    flags.getFlagPayload('b');
    const accessed = flags.onlyAccessed();
    assert.deepEqual(accessed.keys.sort(), ['a', 'c']);
    // Reads on the filtered copy do not change the parent's accessed set.
    accessed.getFlag('a');
    assert.deepEqual(flags.onlyAccessed().keys.sort(), ['a', 'c']);
    await client.shutdown();
  });

  it('Explicit in-memory filter does not reduce completed evaluation work', async () => {
    recorder.serveFlags({ a: true, b: true, c: true });
    const { client, logger } = testClient(recorder.url);
    const flags = await client.evaluateFlags('user-123');
    const only = flags.only(['a', 'missing']);
    assert.deepEqual(only.keys, ['a']);
    assert.deepEqual(flags.keys.sort(), ['a', 'b', 'c'], 'the evaluation itself is untouched');
    assert.equal(logger.matching(/unknown flag keys dropped: missing/).length, 1);
    assert.equal(flagRequests().length, 1, 'no evaluation or request for the filter');
    await client.shutdown();
  });

  it('Missing identity returns a no-op snapshot', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags(undefined as never);
    assert.deepEqual(flags.keys, []);
    assert.equal(flags.isEnabled('on'), false);
    assert.equal(flags.getFlag('on'), undefined);
    await client.flush();
    assert.equal(flagRequests().length, 0);
    assert.equal(called().length, 0);
    await client.shutdown();
  });

  it('Remote failure preserves local results', async () => {
    recorder.inject('flags', { status: 500 });
    const { client } = testClient(recorder.url, { flagDefinitions: LOCAL_AND_REMOTE });
    const flags = await client.evaluateFlags('user-123');
    assert.equal(flagRequests().length, 1);
    assert.equal(flags.getFlag('local-flag'), true);
    assert.equal(flags.getFlag('remote-flag'), undefined);
    assert.equal(flagRequests().length, 1, 'reading does not retry remote evaluation');
    await client.shutdown();
  });
});

describe('evaluate-flags', () => {
  it('capture with a filtered snapshot attaches only its flags, and is not an exposure', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    client.capture({ distinctId: 'u', event: 'subset', flags: flags.only(['variant']), sendFeatureFlags: true });
    await client.flush();
    assert.equal(flagRequests().length, 1, 'the snapshot wins over sendFeatureFlags');
    const [subset] = recorder.events.filter((e) => e.event === 'subset');
    assert.equal(subset.properties['$feature/variant'], 'blue');
    assert.equal('$feature/on' in subset.properties, false);
    assert.equal(called().length, 0);
    await client.shutdown();
  });
});
