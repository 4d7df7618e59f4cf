// Contract: set-group-properties-for-flags (PostHog/sdk-specs openspec/specs/set-group-properties-for-flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

const groupPropertiesSent = () => recorder.requestsTo('flags').map((r) => (r.body as { group_properties: Record<string, unknown> }).group_properties);

describe('set-group-properties-for-flags', () => {
  it('stores overrides per group type; calls add up and later values win', async () => {
    const { client } = testClient(recorder.url);
    client.setGroupPropertiesForFlags('company', { plan: 'free', size: 10 });
    client.setGroupPropertiesForFlags('company', { plan: 'pro' });
    client.setGroupPropertiesForFlags({ team: { name: 'core' } });
    assert.deepEqual(client.getGroupPropertiesForFlags(), { company: { plan: 'pro', size: 10 }, team: { name: 'core' } });
    await client.shutdown();
  });

  it('sends them with later flag requests, under the call\'s own group properties', async () => {
    const { client } = testClient(recorder.url);
    client.setGroupPropertiesForFlags('company', { plan: 'pro', size: 10 });
    await client.getFeatureFlag('beta', 'u', { groups: { company: 'acme' }, groupProperties: { company: { size: 50 } } });
    assert.deepEqual(groupPropertiesSent(), [{ company: { $group_key: 'acme', plan: 'pro', size: 50 } }]);
    await client.shutdown();
  });

  it('ignores an empty group type or a non-object', async () => {
    const { client } = testClient(recorder.url);
    client.setGroupPropertiesForFlags('', { plan: 'pro' });
    client.setGroupPropertiesForFlags('company', 'pro' as never);
    assert.deepEqual(client.getGroupPropertiesForFlags(), {});
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
