// Contract: get-feature-flags-and-payloads (PostHog/sdk-specs openspec/specs/get-feature-flags-and-payloads).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);


describe('get-feature-flags-and-payloads', () => {
  it('returns values and payloads together', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlagsAndPayloads('u'), {
      featureFlags: { on: true, off: false, variant: 'blue' },
      featureFlagPayloads: { on: { a: 1 }, variant: 'text' },
    });
    await client.shutdown();
  });

  it('is two empty maps when nothing is known', async () => {
    recorder.inject('flags', { status: 500 });
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlagsAndPayloads('u'), { featureFlags: {}, featureFlagPayloads: {} });
    await client.shutdown();
  });
});
