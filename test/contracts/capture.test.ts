// Contract: capture (PostHog/sdk-specs openspec/specs/capture).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('capture: spec scenarios', () => {
  it('Server capture requires an explicit distinct id', async () => {
    const { client, logger } = testClient(recorder.url);
    const id = client.capture({ distinctId: 'user-123', event: 'Signed Up', properties: { source: 'api' } });
    client.capture({ event: 'No One' } as never);
    await client.flush();
    assert.equal(recorder.events.length, 1, 'only the event with a distinct id is enqueued');
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, e.properties.source, e.properties.$lib], ['Signed Up', 'user-123', 'api', 'posthog-ts']);
    assert.equal(e.uuid, id);
    assert.match(e.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(logger.matching(/distinctId/).length, 1, 'the one without is refused, naming the field');
    await client.shutdown();
  });

  it('Capture honors opt-out state', async () => {
    const optedOut = testClient(recorder.url, { disabled: true });
    assert.equal(optedOut.client.capture({ distinctId: 'user-123', event: 'Ignored Event' }), undefined);
    await optedOut.client.flush();
    const { client } = testClient(recorder.url);
    client.disable();
    assert.equal(client.capture({ distinctId: 'user-123', event: 'Ignored Event' }), undefined);
    await client.flush();
    assert.equal(recorder.requests.length, 0, 'no event, no request');
    client.enable();
    client.capture({ distinctId: 'user-123', event: 'Shown' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['Shown']);
    await Promise.all([optedOut.client.shutdown(), client.shutdown()]);
  });

  it('Capture can be modified or dropped by before-send', async () => {
    let dropEverything = false;
    const { client } = testClient(recorder.url, {
      beforeSend: (event) => (dropEverything ? null : { ...event, properties: { ...event.properties, filtered: 'yes' } }),
    });
    client.capture({ distinctId: 'user-123', event: 'Filtered Event' });
    dropEverything = true;
    client.capture({ distinctId: 'user-123', event: 'Dropped Event' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.properties.filtered]), [['Filtered Event', 'yes']]);
    await client.shutdown();
  });

  it('Capture drops an immediately delivered event when before-send throws', async () => {
    // flushAt 1: every event leaves as soon as it is queued.
    const { client, logger } = testClient(recorder.url, {
      flushAt: 1,
      beforeSend: () => {
        throw new Error('redaction failed');
      },
    });
    let id: string | undefined = 'not called';
    assert.doesNotThrow(() => {
      id = client.capture({ distinctId: 'user-123', event: 'Sensitive Event', properties: { secret: 's3cr3t' } });
    });
    assert.equal(id, undefined);
    await client.flush();
    assert.equal(recorder.requests.length, 0, 'no request');
    assert.equal(logger.matching(/beforeSend hook #1 threw/).length, 1);
    await client.shutdown();
  });
});

describe('capture', () => {
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

  it('per-call disableGeoip overrides the client; historical migration marks the batch', async () => {
    const { client } = testClient(recorder.url, { historicalMigration: true, disableGeoip: false });
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
