// Contract: register (PostHog/sdk-specs openspec/specs/register).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('register', () => {
  it('merges super properties into later captures; the per-event value wins', async () => {
    const { client } = testClient(recorder.url, { defaultEventProperties: { service: 'api', tier: 'default' } });
    client.capture({ distinctId: 'u', event: 'before' });
    client.register({ region: 'eu', tier: 'gold' });
    client.capture({ distinctId: 'u', event: 'after', properties: { region: 'us' } });
    await client.flush();
    const [before, after] = recorder.events;
    assert.equal(before.properties.region, undefined);
    assert.equal(before.properties.service, 'api');
    assert.deepEqual([after.properties.service, after.properties.tier, after.properties.region], ['api', 'gold', 'us']);
    await client.shutdown();
  });

  it('does not add super properties to identify, alias or groupIdentify', async () => {
    const { client } = testClient(recorder.url);
    client.register({ region: 'eu' });
    client.identify({ distinctId: 'u', properties: { a: 1 } });
    await client.flush();
    assert.equal(recorder.events[0].properties.region, undefined);
    await client.shutdown();
  });
});
