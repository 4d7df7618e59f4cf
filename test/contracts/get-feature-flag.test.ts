// Contract: get-feature-flag (PostHog/sdk-specs openspec/specs/get-feature-flag).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);

describe('get-feature-flag', () => {
  it('returns the value or variant for an explicit distinct id', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('on', 'u'), true);
    assert.equal(await client.getFeatureFlag('off', 'u'), false);
    assert.equal(await client.getFeatureFlag('variant', 'u'), 'blue');
    await client.shutdown();
  });

  it('evaluates locally first and asks /flags only for what it cannot decide', async () => {
    const { client } = testClient(recorder.url, {
      flagDefinitions: { flags: [{ key: 'local', active: true, filters: { groups: [{ rollout_percentage: 100 }] } }] },
    });
    assert.equal(await client.getFeatureFlag('local', 'u'), true);
    assert.equal(recorder.requestsTo('flags').length, 0);
    assert.equal(await client.getFeatureFlag('variant', 'u'), 'blue');
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });

  it('reports the read with $feature_flag_called unless tracking is turned off', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('on', 'u');
    await client.getFeatureFlag('variant', 'u', { sendFeatureFlagEvents: false });
    await client.flush();
    assert.deepEqual(called().map((e) => e.properties.$feature_flag), ['on']);
    await client.shutdown();
  });

  it('has no value (undefined), never a throw, when the request fails', async () => {
    recorder.inject('flags', { status: 500 });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('on', 'u'), undefined);
    await client.shutdown();
  });
});
