// Contract: reset-person-properties-for-flags (PostHog/sdk-specs openspec/specs/reset-person-properties-for-flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

describe('reset-person-properties-for-flags', () => {
  it('clears the stored overrides', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonPropertiesForFlags({ plan: 'pro' });
    client.resetPersonPropertiesForFlags();
    assert.deepEqual(client.getPersonPropertiesForFlags(), {});
    await client.shutdown();
  });

  it('later flag requests no longer carry them', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonPropertiesForFlags({ plan: 'pro' });
    client.resetPersonPropertiesForFlags();
    await client.getFeatureFlag('beta', 'u');
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { person_properties: unknown }).person_properties, {});
    await client.shutdown();
  });

  it('inside a request context, clears only that context\'s overrides', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonPropertiesForFlags({ region: 'eu' });
    await client.withContext({ distinctId: 'a' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      client.resetPersonPropertiesForFlags();
      assert.deepEqual(client.getPersonPropertiesForFlags(), { region: 'eu' });
    });
    assert.deepEqual(client.getPersonPropertiesForFlags(), { region: 'eu' });
    await client.shutdown();
  });

  it('does nothing when nothing is stored', async () => {
    const { client } = testClient(recorder.url);
    client.resetPersonPropertiesForFlags();
    assert.deepEqual(client.getPersonPropertiesForFlags(), {});
    await client.shutdown();
  });
});
