// Contract: evaluate-flags (PostHog/sdk-specs openspec/specs/evaluate-flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);

describe('evaluate-flags', () => {
  it('one evaluation powers many branches: one request, accessors make none', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    assert.equal(flags.isEnabled('on'), true);
    assert.equal(flags.getFlag('variant'), 'blue');
    assert.equal(flags.isEnabled('on'), true);
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });

  it('a missing value is distinct from a disabled one', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    assert.equal(flags.getFlag('off'), false);
    assert.equal(flags.getFlag('missing'), undefined);
    assert.equal(flags.isEnabled('missing', { defaultValue: true }), true);
    assert.equal(flags.isEnabled('off', { defaultValue: true }), false);
    await client.shutdown();
  });

  it('emits no exposure until a flag is used, then one per (flag, value); a missing key is flag_missing', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    await client.flush();
    assert.equal(called().length, 0);
    flags.isEnabled('variant');
    flags.getFlag('variant');
    flags.getFlag('typo-flag');
    flags.getFlagPayload('on');
    await client.flush();
    assert.deepEqual(called().map((e) => [e.properties.$feature_flag, e.properties.$feature_flag_response ?? null, e.properties.$feature_flag_error ?? null]), [
      ['variant', 'blue', null],
      ['typo-flag', null, 'flag_missing'],
    ]);
    await client.shutdown();
  });

  it('only() and onlyAccessed() scope a copy without emitting', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    flags.getFlag('on');
    assert.deepEqual(flags.onlyAccessed().keys, ['on']);
    assert.deepEqual([...flags.only(['variant', 'off']).keys].sort(), ['off', 'variant']);
    await client.flush();
    assert.equal(called().length, 1);
    await client.shutdown();
  });

  it('capture with the snapshot attaches its exact values without evaluating again', async () => {
    const { client } = testClient(recorder.url);
    const flags = await client.evaluateFlags('u');
    recorder.serveFlags({ on: false, off: true, variant: 'red' });
    client.capture({ distinctId: 'u', event: 'paid', flags, sendFeatureFlags: true });
    client.capture({ distinctId: 'u', event: 'subset', flags: flags.only(['variant']) });
    await client.flush();
    assert.equal(recorder.requestsTo('flags').length, 1, 'no second evaluation');
    const [paid, subset] = recorder.events.filter((e) => e.event !== '$feature_flag_called');
    assert.deepEqual([paid.properties['$feature/on'], paid.properties['$feature/off'], paid.properties['$feature/variant']], [true, false, 'blue']);
    assert.deepEqual(paid.properties.$active_feature_flags, ['on', 'variant']);
    assert.equal(subset.properties['$feature/variant'], 'blue');
    assert.equal('$feature/on' in subset.properties, false);
    assert.equal(called().length, 0, 'enrichment is not an exposure');
    await client.shutdown();
  });
});
