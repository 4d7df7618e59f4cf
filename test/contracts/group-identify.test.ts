// Contract: group-identify (PostHog/sdk-specs openspec/specs/group-identify).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('group-identify', () => {
  it('sends $groupidentify with $group_type, $group_key and $group_set', async () => {
    const { client } = testClient(recorder.url);
    client.groupIdentify({ groupType: 'company', groupKey: 'acme', properties: { plan: 'pro' } });
    await client.flush();
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, e.properties.$group_type, e.properties.$group_key, e.properties.$group_set],
      ['$groupidentify', '$company_acme', 'company', 'acme', { plan: 'pro' }]);
    await client.shutdown();
  });

  it('missing type or key → no event and a validation warning', async () => {
    const { client, logger } = testClient(recorder.url);
    client.groupIdentify({ groupKey: 'acme' } as never);
    client.groupIdentify({ groupType: 'company' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.lines.filter((l) => l.level === 'warn').length, 2);
    await client.shutdown();
  });
});
