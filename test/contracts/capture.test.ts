// Contract: capture (PostHog/sdk-specs openspec/specs/capture).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('capture', () => {
  it('requires an explicit distinct id on the server: none and no context → nothing enqueued, no request', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ event: 'nobody' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('adds $lib and $lib_version, a UUIDv7 and a UTC timestamp', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    const [e] = recorder.events;
    assert.equal(e.properties.$lib, 'posthog-ts');
    assert.match(String(e.properties.$lib_version), /^\d+\.\d+\.\d+/);
    assert.match(e.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    assert.match(e.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await client.shutdown();
  });

  it('returns the uuid it sends, also for sendFeatureFlags captures, and undefined when rejected', async () => {
    const { client } = testClient(recorder.url);
    const plain = client.capture({ distinctId: 'u', event: 'plain' });
    const enriched = client.capture({ distinctId: 'u', event: 'enriched', sendFeatureFlags: true });
    const rejected = client.capture({ distinctId: '', event: 'bad' });
    await client.flush();
    assert.equal(rejected, undefined);
    assert.deepEqual(recorder.events.map((e) => [e.event, e.uuid]), [['plain', plain], ['enriched', enriched]]);
    await client.shutdown();
  });

  it('sends a non-string distinct id as a string', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 12345 as never, event: 'numeric id' });
    await client.flush();
    assert.equal(recorder.events[0].distinct_id, '12345');
    await client.shutdown();
  });

  it('keeps caller properties unchanged, including date-like strings', async () => {
    const { client } = testClient(recorder.url);
    const properties = { n: 1.5, b: false, nested: { deep: [1, { x: null }] }, timestamp_like: '2025-01-02T08:34:05+05:30' };
    client.capture({ distinctId: 'u', event: 'e', properties });
    await client.flush();
    for (const [k, v] of Object.entries(properties)) assert.deepEqual(recorder.events[0].properties[k], v);
    await client.shutdown();
  });

  it('honours opt-out: disable() sends nothing until enable()', async () => {
    const { client } = testClient(recorder.url);
    client.disable();
    client.capture({ distinctId: 'u', event: 'hidden' });
    client.enable();
    client.capture({ distinctId: 'u', event: 'shown' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['shown']);
    await client.shutdown();
  });

  it('per-call disableGeoip overrides the client; historical migration marks the batch', async () => {
    const { client } = testClient(recorder.url, { historicalMigration: true });
    client.capture({ distinctId: 'u', event: 'geo-off', disableGeoip: true });
    client.capture({ distinctId: 'u', event: 'geo-on' });
    await client.flush();
    const [off, on] = recorder.events;
    assert.equal(off.properties.$geoip_disable, true);
    assert.equal(on.properties.$geoip_disable, undefined);
    assert.equal((recorder.requestsTo('batch')[0].body as { historical_migration?: boolean }).historical_migration, true);
    await client.shutdown();
  });

  it('never throws, whatever it is given', async () => {
    const { client } = testClient(recorder.url);
    for (const bad of [undefined, null, 42, 'event', [], { distinctId: {} }, { distinctId: 'u', event: 1 }]) {
      assert.doesNotThrow(() => client.capture(bad as never));
    }
    await client.shutdown();
  });
});
