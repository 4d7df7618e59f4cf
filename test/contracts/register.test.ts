// Contract: register (PostHog/sdk-specs openspec/specs/register). The spec is client-scoped;
// posthog-node keeps super properties in memory, and so does posthog-ts (docs/contracts.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('register: spec scenarios', () => {
  it('Register adds super properties to future events', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'user-123', event: 'Before' });
    client.register({ plan: 'pro', region: 'eu' });
    client.capture({ distinctId: 'user-123', event: 'Viewed Dashboard' });
    await client.flush();
    const [before, after] = recorder.events;
    assert.deepEqual([after.event, after.properties.plan, after.properties.region], ['Viewed Dashboard', 'pro', 'eu']);
    assert.equal('plan' in before.properties, false, 'only future events');
    await client.shutdown();
  });

  it('Later register calls override existing super properties', async () => {
    const { client } = testClient(recorder.url);
    client.register({ plan: 'free', region: 'eu' });
    client.register({ plan: 'pro' });
    client.capture({ distinctId: 'user-123', event: 'Viewed Dashboard' });
    await client.flush();
    assert.deepEqual([recorder.events[0].properties.plan, recorder.events[0].properties.region], ['pro', 'eu']);
    await client.shutdown();
  });
});

describe('register', () => {
  it('a per-event value wins over a super property; default event properties sit under both', async () => {
    const { client } = testClient(recorder.url, { defaultEventProperties: { service: 'api', tier: 'default' } });
    client.register({ region: 'eu', tier: 'gold' });
    client.capture({ distinctId: 'u', event: 'after', properties: { region: 'us' } });
    await client.flush();
    const [e] = recorder.events;
    assert.deepEqual([e.properties.service, e.properties.tier, e.properties.region], ['api', 'gold', 'us']);
    await client.shutdown();
  });

  it('does not add super properties to identify', async () => {
    const { client } = testClient(recorder.url);
    client.register({ region: 'eu' });
    client.identify({ distinctId: 'u', properties: { a: 1 } });
    await client.flush();
    assert.equal(recorder.events[0].properties.region, undefined);
    await client.shutdown();
  });
});
