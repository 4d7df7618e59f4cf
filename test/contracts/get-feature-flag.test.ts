// Contract: get-feature-flag (PostHog/sdk-specs openspec/specs/get-feature-flag).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);

describe('get-feature-flag: spec scenarios', () => {
  it('Getter returns a variant string for multivariate flags', async () => {
    recorder.serveFlags({ checkout: 'blue' });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('checkout', 'user-123'), 'blue');
    await client.shutdown();
  });

  it('Getter can suppress feature flag called tracking', async () => {
    recorder.serveFlags({ 'beta-ui': true });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123', { sendFeatureFlagEvents: false }), true);
    await client.flush();
    assert.equal(called().length, 0, 'no $feature_flag_called');
    // The same read with tracking on does report, so the check above can fail.
    await client.getFeatureFlag('beta-ui', 'user-123');
    await client.flush();
    assert.deepEqual(called().map((e) => [e.properties.$feature_flag, e.properties.$feature_flag_response]), [['beta-ui', true]]);
    await client.shutdown();
  });

  it('Server getter evaluates with explicit context', async () => {
    const { client } = testClient(recorder.url, {
      sendFeatureFlagEvent: false,
      flagDefinitions: {
        flags: [{ key: 'beta-ui', active: true, filters: { groups: [{ properties: [{ key: 'distinct_id', value: ['user-123'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] } }],
      },
    });
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123'), true);
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-456'), false, 'the explicit distinct id decides');
    assert.equal(recorder.requests.length, 0, 'evaluated locally');
    await client.shutdown();
  });
});

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

  it('has no value (undefined), never a throw, when the request fails', async () => {
    recorder.inject('flags', { status: 500 });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('on', 'u'), undefined);
    await client.shutdown();
  });
});
