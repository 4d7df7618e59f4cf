// Contract: alias (PostHog/sdk-specs openspec/specs/alias).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('alias', () => {
  it('sends $create_alias with distinct_id at the root and in properties, and alias', async () => {
    const { client } = testClient(recorder.url);
    client.alias({ distinctId: 'anon-123', alias: 'user-123' });
    await client.flush();
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, e.properties.distinct_id, e.properties.alias], ['$create_alias', 'anon-123', 'anon-123', 'user-123']);
    await client.shutdown();
  });

  it('either id missing → nothing enqueued and a validation warning (even with debug off)', async () => {
    const { client, logger } = testClient(recorder.url);
    client.alias({ distinctId: 'u' } as never);
    client.alias({ alias: 'a' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.lines.filter((l) => l.level === 'warn').length, 2);
    await client.shutdown();
  });
});
