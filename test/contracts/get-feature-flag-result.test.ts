// Contract: get-feature-flag-result (PostHog/sdk-specs openspec/specs/get-feature-flag-result).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

describe('get-feature-flag-result: spec scenarios', () => {
  it('Structured result includes key enabled variant and payload', async () => {
    recorder.serveFlags({ checkout: 'blue' }, { checkout: { copy: 'new' } });
    const { client } = testClient(recorder.url);
    const result = await client.getFeatureFlagResult('checkout', 'user-123');
    assert.deepEqual([result?.key, result?.enabled, result?.variant, result?.payload], ['checkout', true, 'blue', { copy: 'new' }]);
    await client.shutdown();
  });

  it('Boolean false flag result is disabled', async () => {
    recorder.serveFlags({ 'beta-ui': false });
    const { client } = testClient(recorder.url);
    const result = await client.getFeatureFlagResult('beta-ui', 'user-123');
    assert.deepEqual([result?.key, result?.enabled], ['beta-ui', false]);
    assert.equal(result?.variant, undefined, 'no variant');
    await client.shutdown();
  });

  it('Unknown flag returns no structured result', async () => {
    recorder.serveFlags({});
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlagResult('missing-flag', 'user-123'), undefined);
    await client.shutdown();
  });
});

describe('get-feature-flag-result', () => {
  it('carries the reason code from /flags', async () => {
    const { client } = testClient(recorder.url);
    assert.equal((await client.getFeatureFlagResult('variant', 'u'))?.reasonCode, 'condition_match');
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
