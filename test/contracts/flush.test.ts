// Contract: flush (PostHog/sdk-specs openspec/specs/flush).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('flush', () => {
  it('resolves after everything captured before it is delivered', async () => {
    const { client } = testClient(recorder.url, { flushAt: 100 });
    for (let i = 0; i < 3; i++) client.capture({ distinctId: 'u', event: `e${i}` });
    await client.flush();
    assert.equal(recorder.events.length, 3);
    await client.shutdown();
  });

  it('never rejects when delivery fails for good', async () => {
    recorder.inject('batch', { status: 400 });
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'e' });
    await assert.doesNotReject(client.flush());
    await client.shutdown();
  });
});
