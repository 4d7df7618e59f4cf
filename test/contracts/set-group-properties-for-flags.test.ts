// Contract: set-group-properties-for-flags (PostHog/sdk-specs openspec/specs/set-group-properties-for-flags).
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

const groupPropertiesSent = () => recorder.requestsTo('flags').map((r) => (r.body as { group_properties: Record<string, unknown> }).group_properties);

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

describe('set-group-properties-for-flags: spec scenarios', () => {
  it('Set group properties stores overrides for future flag evaluation', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: PRO_COMPANIES, sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'user-123' }, async () => {
      assert.equal(await client.getFeatureFlag('pro-companies', 'user-123', COMPANY), undefined, 'plan unknown: undecided');
      client.setGroupPropertiesForFlags('company', { plan: 'pro' });
      assert.deepEqual(client.getGroupPropertiesForFlags(), { company: { plan: 'pro' } });
      assert.equal(await client.getFeatureFlag('pro-companies', 'user-123', COMPANY), true, 'company-123 is evaluated with the stored plan');
    });
    await client.shutdown();
  });

  it('Group property overrides are sent with flag reloads', async () => {
    const { client } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'user-123' }, async () => {
      client.setGroupPropertiesForFlags('company', { plan: 'pro' });
      await client.getFeatureFlag('beta', 'user-123', { groups: { company: 'company-123' } });
    });
    assert.deepEqual(groupPropertiesSent(), [{ company: { $group_key: 'company-123', plan: 'pro' } }]);
    await client.shutdown();
  });
});

describe('set-group-properties-for-flags', () => {
  it('stores overrides per group type; calls add up and later values win', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'u' }, async () => {
      client.setGroupPropertiesForFlags('company', { plan: 'free', size: 10 });
      client.setGroupPropertiesForFlags('company', { plan: 'pro' });
      client.setGroupPropertiesForFlags({ team: { name: 'core' } });
      assert.deepEqual(client.getGroupPropertiesForFlags(), { company: { plan: 'pro', size: 10 }, team: { name: 'core' } });
    });
    await client.shutdown();
  });

  it('sends them with later flag requests, under the call\'s own group properties', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'u' }, async () => {
      client.setGroupPropertiesForFlags('company', { plan: 'pro', size: 10 });
      await client.getFeatureFlag('beta', 'u', { groups: { company: 'acme' }, groupProperties: { company: { size: 50 } } });
    });
    assert.deepEqual(groupPropertiesSent(), [{ company: { $group_key: 'acme', plan: 'pro', size: 50 } }]);
    await client.shutdown();
  });

  it('ignores an empty group type or a non-object', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'u' }, async () => {
      client.setGroupPropertiesForFlags('', { plan: 'pro' });
      client.setGroupPropertiesForFlags('company', 'pro' as never);
      assert.deepEqual(client.getGroupPropertiesForFlags(), {});
    });
    await client.shutdown();
  });

  it('inside a request context: scoped to that request', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'a' }, async () => {
      client.setGroupPropertiesForFlags('company', { plan: 'pro' });
      assert.deepEqual(client.getGroupPropertiesForFlags(), { company: { plan: 'pro' } });
    });
    assert.deepEqual(client.getGroupPropertiesForFlags(), {});
    await client.shutdown();
  });
});
