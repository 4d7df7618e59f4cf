// Contract: get-feature-flag-result (PostHog/sdk-specs openspec/specs/get-feature-flag-result).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);


describe('get-feature-flag-result', () => {
  it('returns {key, enabled, variant, payload} with a reason', async () => {
    const { client } = testClient(recorder.url);
    const result = await client.getFeatureFlagResult('variant', 'u');
    assert.equal(result?.key, 'variant');
    assert.equal(result?.enabled, true);
    assert.equal(result?.variant, 'blue');
    assert.equal(result?.payload, 'text');
    assert.equal(result?.reasonCode, 'condition_match');
    const off = await client.getFeatureFlagResult('off', 'u');
    assert.deepEqual([off?.enabled, off?.variant], [false, undefined]);
    await client.shutdown();
  });

  it('an unknown flag has no result', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlagResult('missing', 'u'), undefined);
    await client.shutdown();
  });

  it('a local result says which condition matched, in words', async () => {
    const { client } = testClient(recorder.url, {
      flagDefinitions: { flags: [{ key: 'pro', active: true, filters: { groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] } }] },
    });
    const result = await client.getFeatureFlagResult('pro', 'u', { personProperties: { plan: 'pro' } });
    assert.equal(result?.locallyEvaluated, true);
    assert.match(String(result?.reason), /condition/i);
    await client.shutdown();
  });
});
