// Contract: set-person-properties (PostHog/sdk-specs openspec/specs/set-person-properties). The spec
// is client-scoped; posthog-node has setPersonProperties(distinctId, …), and so does posthog-ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('set-person-properties: spec scenarios', () => {
  it('Set person properties emits profile update properties', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonProperties('user-123', { email: 'user@test.test' });
    await client.flush();
    assert.equal(recorder.events.length, 1);
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, (e.properties.$set as { email: string }).email], ['$set', 'user-123', 'user@test.test']);
    assert.equal('$set_once' in e.properties, false);
    await client.shutdown();
  });

  it('Set person properties can include set-once properties', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonProperties('user-123', { email: 'user@test.test' }, { first_seen: 'yesterday' });
    await client.flush();
    assert.equal(recorder.events.length, 1);
    const [e] = recorder.events;
    assert.equal(e.event, '$set');
    assert.deepEqual([e.properties.$set, e.properties.$set_once], [{ email: 'user@test.test' }, { first_seen: 'yesterday' }]);
    await client.shutdown();
  });

  it('Empty person property updates do not crash', async () => {
    const { client } = testClient(recorder.url);
    assert.doesNotThrow(() => client.setPersonProperties('user-123'));
    assert.doesNotThrow(() => client.setPersonProperties('user-123', {}, {}));
    assert.doesNotThrow(() => client.setPersonProperties('user-123', null as never, undefined));
    await client.flush();
    assert.equal(recorder.requests.length, 0, 'an empty update sends nothing');
    // The client still works afterwards.
    client.setPersonProperties('user-123', undefined, { only_once: true });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.properties.$set_once]), [['$set', { only_once: true }]]);
    await client.shutdown();
  });
});
