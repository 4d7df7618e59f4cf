// Issue 8, item 3: the first flag call waits for the definitions at most the flag timeout the user
// set (featureFlagsRequestTimeoutMs), not the capture requestTimeout; the load goes on behind it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

const definitions = {
  flags: [{ id: 1, key: 'beta', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } }],
} as DefinitionsPayload;

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: 'remote-variant' }, definitions, personalApiKey: 'phx_test_personal' });

describe('the first flag call while definitions are loading', () => {
  it('waits no longer than featureFlagsRequestTimeoutMs, answers from /flags, and the load still completes', async () => {
    // The definitions answer comes after a real 300 ms; virtual time decides how long the call waits.
    recorder.inject('definitions', { kind: 'delay', ms: 300 });
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_test_personal', featureFlagsRequestTimeoutMs: 500, requestTimeout: 600_000 }, scheduler);
    const first = client.getFeatureFlag('beta', 'u', { sendFeatureFlagEvents: false });
    scheduler.advance(500);
    assert.equal(await first, 'remote-variant', 'answered by /flags once the flag timeout passed');
    assert.equal(client.isLocalEvaluationReady(), false);
    assert.equal(await client.waitForLocalEvaluationReady(60_000), true, 'the load went on in the background');
    assert.equal(await client.getFeatureFlag('beta', 'u', { sendFeatureFlagEvents: false }), true, 'later calls are local');
    assert.equal(recorder.requestsTo('flags').length, 1);
    await client.shutdown();
  });
});
