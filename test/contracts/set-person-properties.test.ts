// Contract: set-person-properties (PostHog/sdk-specs openspec/specs/set-person-properties).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('set-person-properties', () => {
  it('sends a $set event with $set and $set_once', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonProperties('u', { name: 'Ada' }, { first_seen: '2026' });
    client.setPersonProperties('u', undefined, { only_once: true });
    await client.flush();
    const [both, onceOnly] = recorder.events;
    assert.deepEqual([both.event, both.properties.$set, both.properties.$set_once], ['$set', { name: 'Ada' }, { first_seen: '2026' }]);
    assert.equal('$set' in onceOnly.properties, false);
    await client.shutdown();
  });

  it('an empty call sends nothing and does not throw', async () => {
    const { client } = testClient(recorder.url);
    assert.doesNotThrow(() => client.setPersonProperties('u'));
    assert.doesNotThrow(() => client.setPersonProperties('u', {}, {}));
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });
});
