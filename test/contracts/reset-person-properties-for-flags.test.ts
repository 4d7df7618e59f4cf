// Contract: reset-person-properties-for-flags (PostHog/sdk-specs openspec/specs/reset-person-properties-for-flags).
// Server form: stored per request context (the calls below run inside withContext, as a request
// handler's would); outside a context the calls do nothing and warn once, so one user's properties
// never reach another (test/hostile/flag-properties-scope.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

const PRO_ONLY: DefinitionsPayload = {
  flags: [{ key: 'pro-only', active: true, filters: { groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] } }],
};

describe('reset-person-properties-for-flags: spec scenarios', () => {
  it('Reset person properties clears local person flag overrides', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'user-123' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      assert.deepEqual(client.getPersonPropertiesForFlags(), { plan: 'pro' });
      client.resetPersonPropertiesForFlags();
      assert.deepEqual(client.getPersonPropertiesForFlags(), {});
    });
    await client.shutdown();
  });

  it('Reset person properties affects subsequent flag evaluations', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: PRO_ONLY, sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'user-123' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      assert.equal(await client.getFeatureFlag('pro-only', 'user-123', { onlyEvaluateLocally: true }), true);
      client.resetPersonPropertiesForFlags();
      assert.equal(await client.getFeatureFlag('pro-only', 'user-123', { onlyEvaluateLocally: true }), undefined, 'the plan is no longer known locally');
      await client.getFeatureFlag('beta', 'user-123');
    });
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { person_properties: unknown }).person_properties, {}, 'nor sent');
    await client.shutdown();
  });
});

describe('reset-person-properties-for-flags', () => {
  it('in a nested request context, clears only that context\'s overrides', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'a' }, async () => {
      client.setPersonPropertiesForFlags({ region: 'eu' });
      await client.withContext({}, async () => {
        client.setPersonPropertiesForFlags({ plan: 'pro' });
        client.resetPersonPropertiesForFlags();
        assert.deepEqual(client.getPersonPropertiesForFlags(), {});
      });
      assert.deepEqual(client.getPersonPropertiesForFlags(), { region: 'eu' });
    });
    await client.shutdown();
  });

  it('does nothing when nothing is stored', async () => {
    const { client } = testClient(recorder.url);
    client.resetPersonPropertiesForFlags();
    assert.deepEqual(client.getPersonPropertiesForFlags(), {});
    await client.shutdown();
  });
});
