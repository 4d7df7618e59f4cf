// Contract: reset-group-properties-for-flags (PostHog/sdk-specs openspec/specs/reset-group-properties-for-flags).
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

const PRO_COMPANIES: DefinitionsPayload = {
  flags: [
    {
      key: 'pro-companies',
      active: true,
      filters: { aggregation_group_type_index: 0, groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'group', group_type_index: 0 }], rollout_percentage: 100 }] },
    },
  ],
  group_type_mapping: { '0': 'company' },
};
const COMPANY = { groups: { company: 'company-123' }, onlyEvaluateLocally: true } as const;

describe('reset-group-properties-for-flags: spec scenarios', () => {
  it('Reset group properties clears all local group flag overrides', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'user-123' }, async () => {
      client.setGroupPropertiesForFlags('company', { plan: 'pro' });
      client.setGroupPropertiesForFlags('team', { name: 'core' });
      assert.equal(Object.keys(client.getGroupPropertiesForFlags()).length, 2);
      client.resetGroupPropertiesForFlags();
      assert.deepEqual(client.getGroupPropertiesForFlags(), {});
    });
    await client.shutdown();
  });

  it('Reset group properties affects subsequent flag evaluations', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: PRO_COMPANIES, sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'user-123' }, async () => {
      client.setGroupPropertiesForFlags('company', { plan: 'pro' });
      assert.equal(await client.getFeatureFlag('pro-companies', 'user-123', COMPANY), true);
      client.resetGroupPropertiesForFlags();
      assert.equal(await client.getFeatureFlag('pro-companies', 'user-123', COMPANY), undefined, 'the plan is no longer known locally');
      await client.getFeatureFlag('beta', 'user-123', { groups: { company: 'company-123' } });
    });
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { group_properties: unknown }).group_properties, { company: { $group_key: 'company-123' } }, 'nor sent');
    await client.shutdown();
  });
});

describe('reset-group-properties-for-flags', () => {
  it('clears one group type when given', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'u' }, async () => {
      client.setGroupPropertiesForFlags('company', { plan: 'pro' });
      client.setGroupPropertiesForFlags('team', { name: 'core' });
      client.resetGroupPropertiesForFlags('company');
      assert.deepEqual(client.getGroupPropertiesForFlags(), { team: { name: 'core' } });
    });
    await client.shutdown();
  });
});
