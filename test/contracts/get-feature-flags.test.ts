// Contract: get-feature-flags (PostHog/sdk-specs openspec/specs/get-feature-flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);

describe('get-feature-flags', () => {
  it('returns every value for a distinct id in one request', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getAllFlags('u'), { on: true, off: false, variant: 'blue' });
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });

  it('is silent: no $feature_flag_called', async () => {
    const { client } = testClient(recorder.url);
    await client.getAllFlags('u');
    await client.flush();
    assert.equal(called().length, 0);
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
