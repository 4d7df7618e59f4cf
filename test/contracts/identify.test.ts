// Contract: identify (PostHog/sdk-specs openspec/specs/identify).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('identify: spec scenarios', () => {
  it('Server identify sends a profile update for explicit distinct id', async () => {
    const { client } = testClient(recorder.url);
    client.identify({ distinctId: 'user-123', properties: { email: 'user@test.test' } });
    await client.flush();
    assert.equal(recorder.events.length, 1);
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id], ['$identify', 'user-123']);
    assert.equal((e.properties.$set as { email: string }).email, 'user@test.test');
    assert.equal('$anon_distinct_id' in e.properties, false, 'a server SDK infers no anonymous id');
    await client.shutdown();
  });

  it('Identify validates distinct id', async () => {
    const { client, logger } = testClient(recorder.url);
    client.identify({ properties: { email: 'user@test.test' } } as never);
    client.identify({ distinctId: '   ', properties: { email: 'user@test.test' } });
    await client.flush();
    assert.equal(recorder.requests.length, 0, 'no identity event enqueued');
    assert.equal(logger.matching(/distinctId/).length, 2);
    await client.shutdown();
  });
});

describe('identify', () => {
  it('passes $set and $set_once given explicitly', async () => {
    const { client } = testClient(recorder.url);
    client.identify({ distinctId: 'user-123', properties: { $set: { email: 'a@b.c' }, $set_once: { signup: '2026-01-01' } } });
    await client.flush();
    const [e] = recorder.events;
    assert.deepEqual(e.properties.$set, { email: 'a@b.c' });
    assert.deepEqual(e.properties.$set_once, { signup: '2026-01-01' });
    await client.shutdown();
  });
});
