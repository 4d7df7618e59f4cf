// Contract: get-feature-flags-and-payloads (PostHog/sdk-specs openspec/specs/get-feature-flags-and-payloads).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

describe('get-feature-flags-and-payloads: spec scenarios', () => {
  it('Bulk getter returns flags and payloads together', async () => {
    recorder.serveFlags({ 'beta-ui': true, checkout: 'blue' }, { 'beta-ui': { color: 'green' }, checkout: { copy: 'new' } });
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlagsAndPayloads('user-123'), {
      featureFlags: { 'beta-ui': true, checkout: 'blue' },
      featureFlagPayloads: { 'beta-ui': { color: 'green' }, checkout: { copy: 'new' } },
    });
    assert.equal(recorder.requestsTo('flags').length, 1, 'together, from one evaluation');
    await client.shutdown();
  });

  it('Bulk values and payloads are empty when no flags are known', async () => {
    recorder.serveFlags({});
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlagsAndPayloads('user-123'), { featureFlags: {}, featureFlagPayloads: {} });
    recorder.inject('flags', { status: 500 });
    assert.deepEqual(await client.getAllFlagsAndPayloads('user-123'), { featureFlags: {}, featureFlagPayloads: {} }, 'also when the request fails');
    await client.shutdown();
  });
});

describe('get-feature-flags-and-payloads', () => {
  it('leaves out payloads of flags that have none', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlagsAndPayloads('u'), {
      featureFlags: { on: true, off: false, variant: 'blue' },
      featureFlagPayloads: { on: { a: 1 }, variant: 'text' },
    });
    await client.shutdown();
  });
});
