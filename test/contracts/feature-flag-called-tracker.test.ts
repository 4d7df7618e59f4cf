// Contract: feature-flag-called-tracker (PostHog/sdk-specs openspec/specs/feature-flag-called-tracker).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);

describe('feature-flag-called-tracker', () => {
  it('dedupes by distinct id, flag, value and groups (in any key order)', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('on', 'a', { groups: { org: '1', team: '2' } });
    await client.getFeatureFlag('on', 'a', { groups: { team: '2', org: '1' } });
    await client.getFeatureFlag('on', 'b', { groups: { org: '1', team: '2' } });
    await client.getFeatureFlag('on', 'a');
    await client.flush();
    assert.equal(called().length, 3);
    await client.shutdown();
  });

  it('evicts the oldest entries a few at a time when full, never all at once', async () => {
    const { client } = testClient(recorder.url, { flagCalledCacheSize: 10 });
    for (let i = 0; i < 11; i++) await client.getFeatureFlag('on', `user-${i}`);
    // The 11th insert evicted one entry (user-0): user-1 is still known, user-0 is sent again.
    await client.getFeatureFlag('on', 'user-1');
    await client.getFeatureFlag('on', 'user-0');
    await client.flush();
    assert.deepEqual(called().slice(11).map((e) => e.distinct_id), ['user-0']);
    await client.shutdown();
  });

  it('is cleared on shutdown', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('on', 'a');
    await client.flush();
    await client.shutdown();
    assert.equal((client as unknown as { flags: { tracker: { size: number } } }).flags.tracker.size, 0);
  });

  it('minimal-event mode: when the server asks and the flag has no experiment, only the essentials are sent', async () => {
    const { client } = testClient(recorder.url, {
      flagDefinitions: { minimal_flag_called_events: true, flags: [{ key: 'lean', active: true, has_experiment: false, filters: { groups: [{ rollout_percentage: 100 }] } }] },
    });
    await client.getFeatureFlag('lean', 'u');
    await client.flush();
    const [event] = called();
    assert.equal(event.properties.$feature_flag, 'lean');
    assert.equal(event.properties.$feature_flag_response, true);
    assert.equal('$feature/lean' in event.properties, false);
    assert.equal('$feature_flag_definitions_loaded_at' in event.properties, false);
    await client.shutdown();
  });
});
