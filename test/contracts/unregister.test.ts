// Contract: unregister (PostHog/sdk-specs openspec/specs/unregister).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('unregister', () => {
  it('removes one super property and treats an unknown key as a no-op', async () => {
    const { client } = testClient(recorder.url);
    client.register({ a: 1, b: 2 });
    client.unregister('a');
    client.unregister('never-registered');
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    assert.equal(recorder.events[0].properties.a, undefined);
    assert.equal(recorder.events[0].properties.b, 2);
    await client.shutdown();
  });
});
