// Contract: feature-flag-called-tracker (PostHog/sdk-specs openspec/specs/feature-flag-called-tracker).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { RecordedEvent, Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

const called = () => flagCalls(recorder);
const SECRET = 'phx_personal_secret';

/** A `/flags` v2 body for `beta-ui: true`, with the server's minimal-event gate and experiment linkage as given. */
function flagsBody(gate: boolean | undefined, hasExperiment: boolean | undefined, key = 'beta-ui'): Record<string, unknown> {
  const metadata: Record<string, unknown> = { id: 7, version: 3, payload: null };
  if (hasExperiment !== undefined) metadata.has_experiment = hasExperiment;
  const body: Record<string, unknown> = {
    flags: { [key]: { key, enabled: true, variant: null, failed: false, reason: { code: 'condition_match', description: 'Matched condition set 1' }, metadata } },
    errorsWhileComputingFlags: false,
    requestId: 'request-1',
  };
  if (gate !== undefined) body.minimalFlagCalledEvents = gate;
  return body;
}

/** A group flag on `company` that is on for every company. */
const GROUP_FLAG: DefinitionsPayload = {
  flags: [{ key: 'company-beta', active: true, filters: { aggregation_group_type_index: 0, groups: [{ properties: [], rollout_percentage: 100 }] } }],
  group_type_mapping: { '0': 'company', '1': 'team' },
};

/** The one `$feature_flag_called` event a client sends for `beta-ui`, read with a super property registered. */
async function flagCalledEventWith(options: Record<string, unknown> = {}, key = 'beta-ui'): Promise<RecordedEvent> {
  const { client } = testClient(recorder.url, options);
  client.register({ team: 'growth' });
  assert.equal(await client.getFeatureFlag(key, 'user-123'), true);
  await client.flush();
  await client.shutdown();
  const events = called();
  assert.equal(events.length, 1);
  return events[0];
}

/** The full, enriched event: super properties and `$feature/<key>` are there. */
function assertFull(event: RecordedEvent, key = 'beta-ui'): void {
  assert.equal(event.properties.team, 'growth', 'super properties are kept');
  assert.equal(event.properties[`$feature/${key}`], true);
  assert.equal(event.properties.$lib, 'posthog-ts');
  assert.equal(event.properties.$feature_flag, key);
}

describe('feature-flag-called-tracker: spec scenarios', () => {
  it('Tracker emits the first flag-called event for a value', async () => {
    recorder.serveFlags({ 'beta-ui': true });
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('beta-ui', 'user-123');
    await client.flush();
    assert.deepEqual(called().map((e) => [e.distinct_id, e.properties.$feature_flag, e.properties.$feature_flag_response]), [['user-123', 'beta-ui', true]]);
    await client.shutdown();
  });

  it('Tracker suppresses duplicate events for the same flag value', async () => {
    recorder.serveFlags({ 'beta-ui': true });
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('beta-ui', 'user-123');
    await client.getFeatureFlag('beta-ui', 'user-123');
    await client.flush();
    assert.equal(recorder.requestsTo('flags').length, 2, 'both calls were evaluated');
    assert.equal(called().length, 1);
    await client.shutdown();
  });

  it('Tracker emits again when the flag value changes', async () => {
    recorder.serveFlags({ 'beta-ui': true });
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123'), true);
    recorder.serveFlags({ 'beta-ui': false });
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123'), false);
    await client.flush();
    assert.deepEqual(called().map((e) => e.properties.$feature_flag_response), [true, false]);
    await client.shutdown();
  });

  it('Tracker suppresses duplicates for the same server group context', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: GROUP_FLAG });
    assert.equal(await client.getFeatureFlag('company-beta', 'user-123', { groups: { company: 'company-123', team: 'team-1' } }), true);
    assert.equal(await client.getFeatureFlag('company-beta', 'user-123', { groups: { team: 'team-1', company: 'company-123' } }), true);
    await client.flush();
    assert.equal(called().length, 1);
    await client.shutdown();
  });

  it('Tracker emits again when server group context changes', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: GROUP_FLAG });
    assert.equal(await client.getFeatureFlag('company-beta', 'user-123', { groups: { company: 'company-123' } }), true);
    assert.equal(await client.getFeatureFlag('company-beta', 'user-123', { groups: { company: 'company-456' } }), true);
    await client.flush();
    assert.deepEqual(called().map((e) => (e.properties.$groups as { company: string }).company), ['company-123', 'company-456']);
    await client.shutdown();
  });

  it('Tracker clears on SDK shutdown', async () => {
    recorder.serveFlags({ 'beta-ui': true });
    const { client } = testClient(recorder.url);
    // The tracker is internal state; the spec's outcome is about that state, so the test reads it.
    const tracker = (client as unknown as { flags: { tracker: { size: number } } }).flags.tracker;
    await client.getFeatureFlag('beta-ui', 'user-123');
    assert.equal(tracker.size, 1, 'the read was recorded');
    await client.shutdown();
    assert.equal(tracker.size, 0);
  });

  it('Full event when the server does not report the gate', async () => {
    recorder.serveFlagsBody(flagsBody(undefined, undefined));
    const event = await flagCalledEventWith();
    assertFull(event);
    assert.equal('$feature_flag_has_experiment' in event.properties, false);
  });

  it("Full event when the flag's experiment linkage is unknown", async () => {
    recorder.serveFlagsBody(flagsBody(true, undefined));
    assertFull(await flagCalledEventWith());
  });

  it('Full event when the flag is linked to an experiment', async () => {
    recorder.serveFlagsBody(flagsBody(true, true, 'experiment-ui'));
    const event = await flagCalledEventWith({}, 'experiment-ui');
    assertFull(event, 'experiment-ui');
    assert.equal(event.properties.$feature_flag_has_experiment, true);
  });

  it('Minimal event when gated on and the flag has no experiment', async () => {
    recorder.serveFlagsBody(flagsBody(true, false));
    const event = await flagCalledEventWith();
    assert.deepEqual([event.properties.$feature_flag, event.properties.$feature_flag_response, event.properties.$feature_flag_has_experiment], ['beta-ui', true, false]);
    assert.equal('team' in event.properties, false, 'the super property is stripped');
    assert.equal('$feature/beta-ui' in event.properties, false);
    // The allowlist keeps the debug scalars and SDK linkage.
    assert.deepEqual([event.properties.$feature_flag_id, event.properties.$feature_flag_version, event.properties.$feature_flag_request_id], [7, 3, 'request-1']);
    assert.equal(event.properties.$lib, 'posthog-ts');
  });

  it('Gate persists across a local-evaluation definitions refresh', async () => {
    recorder.serveDefinitions(
      { minimal_flag_called_events: true, flags: [{ id: 1, key: 'beta-ui', active: true, has_experiment: false, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } }] },
      '"v1"',
    );
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { personalApiKey: SECRET, featureFlagsPollingInterval: 1_000 }, scheduler);
    client.register({ team: 'growth' });
    await recorder.waitFor(() => client.isLocalEvaluationReady() && scheduler.pendingDelays().includes(1_000));
    scheduler.advance(1_000);
    await recorder.waitForRequests('definitions', 2);
    await recorder.waitFor(() => scheduler.pendingDelays().includes(1_000));
    assert.equal(recorder.requestsTo('definitions')[1].outcome, 304, 'refreshed by a 304');
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123'), true);
    await client.flush();
    const [event] = called();
    assert.equal(event.properties.$feature_flag_has_experiment, false);
    assert.equal(event.properties.locally_evaluated, true);
    assert.equal('team' in event.properties, false, 'still minimized after the 304');
    assert.equal('$feature/beta-ui' in event.properties, false);
    await client.shutdown();
  });
});

describe('feature-flag-called-tracker', () => {
  it('dedupes per distinct id too', async () => {
    const { client } = testClient(recorder.url);
    await client.getFeatureFlag('on', 'a');
    await client.getFeatureFlag('on', 'b');
    await client.getFeatureFlag('on', 'a');
    await client.flush();
    assert.deepEqual(called().map((e) => e.distinct_id), ['a', 'b']);
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
});
