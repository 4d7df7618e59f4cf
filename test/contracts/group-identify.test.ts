// Contract: group-identify (PostHog/sdk-specs openspec/specs/group-identify).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('group-identify: spec scenarios', () => {
  it('Group identify emits a group profile update event', async () => {
    const { client } = testClient(recorder.url);
    client.groupIdentify({ groupType: 'company', groupKey: 'company-123', properties: { plan: 'pro' } });
    await client.flush();
    assert.equal(recorder.events.length, 1);
    const [e] = recorder.events;
    assert.equal(e.event, '$groupidentify');
    assert.equal(e.properties.$group_type, 'company');
    assert.equal(e.properties.$group_key, 'company-123');
    // The spec's Behavior §3 puts the caller's properties under $group_set.
    assert.deepEqual(e.properties.$group_set, { plan: 'pro' });
    assert.equal(e.distinct_id, '$company_company-123', 'a server SDK synthesizes the distinct id from the group');
    await client.shutdown();
  });

  it('Group identify requires type and key', async () => {
    const { client, logger } = testClient(recorder.url);
    client.groupIdentify({ groupType: 'company' } as never);
    client.groupIdentify({ groupKey: 'company-123' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0, 'no $groupidentify enqueued');
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /groupKey/);
    assert.match(warnings[1], /groupType/);
    await client.shutdown();
  });
});
