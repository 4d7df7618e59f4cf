// Contract: get-feature-flag-payload (PostHog/sdk-specs openspec/specs/get-feature-flag-payload).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);

describe('get-feature-flag-payload', () => {
  it('returns the payload of the matched value, parsed', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getFeatureFlagPayload('on', 'u'), { a: 1 });
    assert.equal(await client.getFeatureFlagPayload('variant', 'u'), 'text');
    assert.equal(await client.getFeatureFlagPayload('off', 'u'), null, 'a value without a payload has null');
    await client.shutdown();
  });

  it('never emits $feature_flag_called', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlagPayload('on', 'u');
    await client.flush();
    assert.equal(called().length, 0);
    await client.shutdown();
  });
});
