// posthog-node's `on()`: the events it emits, with what it emits them with.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe("on(): posthog-node's client events", () => {
  it('capture / identify / alias fire when an event is queued, with the event as it will be sent', async () => {
    const { client } = testClient(recorder.url);
    const seen: Array<[string, { event?: string; distinct_id?: string; uuid?: string }]> = [];
    for (const name of ['capture', 'identify', 'alias'] as const) client.on(name, (event) => seen.push([name, event]));
    const uuid = client.capture({ distinctId: 'u', event: 'clicked' });
    client.identify({ distinctId: 'u', properties: { a: 1 } });
    client.alias({ distinctId: 'u', alias: 'v' });
    client.groupIdentify({ groupType: 'company', groupKey: 'acme' });
    assert.deepEqual(seen.map(([name, e]) => [name, e.event, e.distinct_id]), [
      ['capture', 'clicked', 'u'],
      ['identify', '$identify', 'u'],
      ['alias', '$create_alias', 'u'],
      ['capture', '$groupidentify', '$company_acme'],
    ]);
    assert.equal(seen[0][1].uuid, uuid);
    await client.shutdown();
  });

  it('flush fires with the delivered events; error with a PostHogDeliveryError for lost ones', async () => {
    const { client } = testClient(recorder.url);
    const flushed: unknown[][] = [];
    const errors: Array<{ name?: string; reason?: string; status?: number }> = [];
    client.on('flush', (events) => flushed.push(events));
    client.on('error', (error) => errors.push(error));
    client.capture({ distinctId: 'u', event: 'one' });
    client.capture({ distinctId: 'u', event: 'two' });
    await client.flush();
    assert.deepEqual(flushed.map((batch) => batch.map((e) => (e as { event: string }).event)), [['one', 'two']]);
    recorder.inject('batch', { status: 400 });
    client.capture({ distinctId: 'u', event: 'refused' });
    await client.flush();
    assert.equal(errors.length, 1);
    assert.equal(errors[0].name, 'PostHogDeliveryError');
    assert.equal(errors[0].reason, 'rejected');
    assert.equal(errors[0].status, 400);
    await client.shutdown();
  });

  it('a failed definitions load fires error; localEvaluationFlagsLoaded fires with the number of flags', async () => {
    recorder.serveDefinitions({ flags: [{ key: 'a', active: true, filters: { groups: [{ rollout_percentage: 100 }] } }, { key: 'b', active: true, filters: {} }] });
    recorder.inject('definitions', { status: 500 });
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_k' }, null);
    const loaded: number[] = [];
    const errors: unknown[] = [];
    client.on('localEvaluationFlagsLoaded', (count) => loaded.push(count));
    client.on('error', (error) => errors.push(error));
    await recorder.waitFor(() => errors.length > 0);
    assert.match(String((errors[0] as Error).message), /500/);
    assert.deepEqual(loaded, []);
    await client.reloadFeatureFlags();
    assert.deepEqual(loaded, [2]);
    await client.shutdown();
  });

  it('a failed /flags request fires error', async () => {
    recorder.inject('flags', { status: 500 });
    const { client } = testClient(recorder.url);
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    assert.equal(await client.getFeatureFlag('x', 'u'), undefined);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /\/flags/);
    await client.shutdown();
  });

  it('"*" hears every event as (name, payload); the returned function stops listening; a throwing listener is contained', async () => {
    const { client, logger } = testClient(recorder.url);
    const all: string[] = [];
    const stop = client.on('*', (name: string) => all.push(name));
    client.on('capture', () => {
      throw new Error('listener broke');
    });
    client.capture({ distinctId: 'u', event: 'a' });
    await client.flush();
    stop();
    client.capture({ distinctId: 'u', event: 'b' });
    await client.flush();
    assert.deepEqual(all, ['capture', 'flush']);
    assert.equal(logger.matching(/listener threw/).length, 2);
    assert.deepEqual(recorder.events.map((e) => e.event), ['a', 'b'], 'a throwing listener never costs an event');
    await client.shutdown();
  });

  it('a listener removed stops hearing, the others go on, and removing one twice changes nothing', async () => {
    const { client } = testClient(recorder.url);
    const heard: string[] = [];
    const offA = client.on('capture', () => heard.push('a'));
    const offB = client.on('*', (name: string) => heard.push(`b:${name}`));
    client.capture({ distinctId: 'u', event: 'one' });
    offA();
    offA();
    client.capture({ distinctId: 'u', event: 'two' });
    offB();
    client.capture({ distinctId: 'u', event: 'three' });
    const offC = client.on('capture', (event: { event: string }) => heard.push(`c:${event.event}`));
    client.capture({ distinctId: 'u', event: 'four' });
    offC();
    assert.deepEqual(heard, ['a', 'b:capture', 'b:capture', 'c:four']);
    await client.shutdown();
  });
});
