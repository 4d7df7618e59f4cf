// Contract: alias (PostHog/sdk-specs openspec/specs/alias).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('alias: spec scenarios', () => {
  it('Server alias links explicit previous and new identities', async () => {
    const { client } = testClient(recorder.url);
    client.alias({ distinctId: 'anon-123', alias: 'user-123' });
    await client.flush();
    assert.equal(recorder.events.length, 1);
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, e.properties.alias], ['$create_alias', 'anon-123', 'user-123']);
    assert.equal(e.properties.distinct_id, 'anon-123', 'the previous id is also in properties, as the server expects');
    await client.shutdown();
  });

  it('Alias is dropped when required identities are missing', async () => {
    const { client, logger } = testClient(recorder.url);
    client.alias({ alias: 'user-123' } as never);
    client.alias({ distinctId: 'anon-123' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0, 'no event enqueued, no request');
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /distinctId/);
    assert.match(warnings[1], /alias/);
    await client.shutdown();
  });
});
