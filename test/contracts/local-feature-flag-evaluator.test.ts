// Contract: local-feature-flag-evaluator (PostHog/sdk-specs openspec/specs/local-feature-flag-evaluator).
// The operator table, consistency vectors and whole-flag cases live in test/flags/; these are the
// contract's requirements as the client shows them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { weird: 'from-server', 'needs-cohort': true } });

const definitions: DefinitionsPayload = {
  flags: [
    { key: 'plain', active: true, filters: { groups: [{ rollout_percentage: 100 }] } },
    { key: 'weird', active: true, filters: { groups: [{ properties: [{ key: 'x', value: 1, operator: 'not_an_operator', type: 'person' }], rollout_percentage: 100 }] } },
    { key: 'needs-cohort', active: true, filters: { groups: [{ properties: [{ key: 'id', value: 99, type: 'cohort' }], rollout_percentage: 100 }] } },
    { key: 'depends', active: true, filters: { groups: [{ properties: [{ key: 'plain', value: true, operator: 'flag_evaluates_to', type: 'flag', dependency_chain: ['plain'] }], rollout_percentage: 100 }] } },
    { key: 'inactive', active: false, filters: { groups: [{ rollout_percentage: 100 }] } },
  ],
  cohorts: {},
};

describe('local-feature-flag-evaluator', () => {
  it('evaluates locally without any request when it can decide', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    assert.equal(await client.getFeatureFlag('plain', 'u'), true);
    assert.equal(await client.getFeatureFlag('depends', 'u'), true);
    assert.equal(await client.getFeatureFlag('inactive', 'u'), false);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('an unknown operator is inconclusive for that flag only, which falls back to /flags', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    const all = await client.getAllFlags('u', { personProperties: { x: 1 } });
    assert.equal(all.weird, 'from-server');
    assert.equal(all.plain, true);
    const asked = recorder.requestsTo('flags').map((r) => (r.body as { flag_keys_to_evaluate: string[] }).flag_keys_to_evaluate);
    assert.deepEqual(asked, [['weird', 'needs-cohort']]);
    await client.shutdown();
  });

  it('a cohort the definitions do not hold (static) needs the server', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    const result = await client.getFeatureFlagResult('needs-cohort', 'u', { onlyEvaluateLocally: true });
    assert.equal(result, undefined);
    assert.equal(await client.getFeatureFlag('needs-cohort', 'u'), true);
    await client.shutdown();
  });

  it('onlyEvaluateLocally: an undecidable flag has no value and nothing is asked', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    assert.equal(await client.getFeatureFlag('weird', 'u', { onlyEvaluateLocally: true }), undefined);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('locally decided reads say locally_evaluated: true', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions });
    await client.getFeatureFlag('plain', 'u');
    await client.flush();
    const [event] = recorder.events.filter((e) => e.event === '$feature_flag_called');
    assert.equal(event.properties.locally_evaluated, true);
    await client.shutdown();
  });
});
