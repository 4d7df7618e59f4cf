// Contract: identify (PostHog/sdk-specs openspec/specs/identify).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('identify', () => {
  it('sends $identify with $set and $set_once and never infers $anon_distinct_id', async () => {
    const { client } = testClient(recorder.url);
    client.identify({ distinctId: 'user-123', properties: { $set: { email: 'a@b.c' }, $set_once: { signup: '2026-01-01' } } });
    await client.flush();
    const [e] = recorder.events;
    assert.equal(e.event, '$identify');
    assert.equal((e.properties.$set as { email: string }).email, 'a@b.c');
    assert.deepEqual(e.properties.$set_once, { signup: '2026-01-01' });
    assert.equal('$anon_distinct_id' in e.properties, false);
    await client.shutdown();
  });

  it('validates the distinct id: missing → nothing enqueued and a warning', async () => {
    const { client, logger } = testClient(recorder.url);
    client.identify({ properties: { a: 1 } } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.matching(/distinctId/).length, 1);
    await client.shutdown();
  });
});
