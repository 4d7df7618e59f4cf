// Contract: get-feature-flags (PostHog/sdk-specs openspec/specs/get-feature-flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const forUser123 = [{ key: 'distinct_id', value: ['user-123'], operator: 'exact', type: 'person' }];

describe('get-feature-flags: spec scenarios', () => {
  it('Bulk getter evaluates all available flags for explicit context', async () => {
    const { client } = testClient(recorder.url, {
      flagDefinitions: {
        flags: [
          { key: 'beta-ui', active: true, filters: { groups: [{ properties: forUser123, rollout_percentage: 100 }] } },
          {
            key: 'checkout',
            active: true,
            filters: {
              groups: [{ properties: forUser123, rollout_percentage: 100, variant: 'blue' }],
              multivariate: { variants: [{ key: 'blue', rollout_percentage: 50 }, { key: 'red', rollout_percentage: 50 }] },
            },
          },
        ],
      },
    });
    assert.deepEqual(await client.getAllFlags('user-123'), { 'beta-ui': true, checkout: 'blue' });
    assert.deepEqual(await client.getAllFlags('user-456'), { 'beta-ui': false, checkout: false }, 'evaluated for the explicit id');
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });

  it('Bulk getter can suppress tracking events', async () => {
    recorder.serveFlags({ 'beta-ui': true });
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlags('user-123', { sendFeatureFlagEvents: false }), { 'beta-ui': true });
    assert.deepEqual(await client.getAllFlags('user-123'), { 'beta-ui': true });
    await client.flush();
    assert.equal(flagCalls(recorder).length, 0, 'the bulk getter reports no reads');
    await client.getFeatureFlag('beta-ui', 'user-123');
    await client.flush();
    assert.equal(flagCalls(recorder).length, 1, 'a single read does');
    await client.shutdown();
  });
});

describe('get-feature-flags', () => {
  it('returns every value for a distinct id in one request', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlags('u'), { on: true, off: false, variant: 'blue' });
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });

  it('limits to flagKeys when given, and is {} on failure', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlags('u', { flagKeys: ['on'] }), { on: true });
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { flag_keys_to_evaluate: string[] }).flag_keys_to_evaluate, ['on']);
    recorder.inject('flags', { status: 500 });
    assert.deepEqual(await client.getAllFlags('u'), {});
    await client.shutdown();
  });
});
