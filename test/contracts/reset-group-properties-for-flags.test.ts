// Contract: reset-group-properties-for-flags (PostHog/sdk-specs openspec/specs/reset-group-properties-for-flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

describe('reset-group-properties-for-flags', () => {
  it('clears all local group flag overrides', async () => {
    const { client } = testClient(recorder.url);
    client.setGroupPropertiesForFlags('company', { plan: 'pro' });
    client.setGroupPropertiesForFlags('team', { name: 'core' });
    client.resetGroupPropertiesForFlags();
    assert.deepEqual(client.getGroupPropertiesForFlags(), {});
    await client.shutdown();
  });

  it('clears one group type when given', async () => {
    const { client } = testClient(recorder.url);
    client.setGroupPropertiesForFlags('company', { plan: 'pro' });
    client.setGroupPropertiesForFlags('team', { name: 'core' });
    client.resetGroupPropertiesForFlags('company');
    assert.deepEqual(client.getGroupPropertiesForFlags(), { team: { name: 'core' } });
    await client.shutdown();
  });

  it('later flag requests do not include the cleared properties', async () => {
    const { client } = testClient(recorder.url);
    client.setGroupPropertiesForFlags('company', { plan: 'pro' });
    client.resetGroupPropertiesForFlags();
    await client.getFeatureFlag('beta', 'u', { groups: { company: 'company-123' } });
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { group_properties: unknown }).group_properties, { company: { $group_key: 'company-123' } });
    await client.shutdown();
  });
});
