// Issue 8, item 7: one bad event never loses its whole v0 batch. PostHog's v0 capture refuses the
// whole request (400) when any one event fails its checks: the batch is halved until the bad event
// stands alone, and only it is lost. Fields a beforeSend hook can spoil are checked after it too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PostHogDeliveryError, isPostHogValidationError } from '../../src/base/errors.js';
import type { Recorder, RecordedRequest } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

/** A stand-in for a server-side check the SDK cannot know about. */
const refusesPoison = (request: RecordedRequest) => {
  const batch = (request.body as { batch?: Array<{ properties?: { poison?: unknown } }> }).batch ?? [];
  return batch.some((e) => e.properties?.poison === true) ? { status: 400, body: { error: 'invalid_event' } } : undefined;
};

describe('a 400 on a v0 batch', () => {
  it('is split until the bad event stands alone; only it is lost, with a named reason', async () => {
    const failures: Array<{ event: string; reason: string; status: number | undefined }> = [];
    let delivered = 0;
    const { client } = testClient(recorder.url, {
      flushAt: 100,
      onSuccess: () => delivered++,
      onFailure: (event, error: PostHogDeliveryError) => failures.push({ event: event.event, reason: error.reason, status: error.status }),
    });
    recorder.setFaultPolicy('batch', refusesPoison);
    for (let i = 0; i < 100; i++) client.capture({ distinctId: 'u', event: `e${i}`, properties: i === 37 ? { poison: true } : {} });
    await client.flush();
    assert.deepEqual(failures, [{ event: 'e37', reason: 'rejected', status: 400 }]);
    assert.equal(delivered, 99);
    assert.equal(recorder.uniqueEventCount(), 99);
    assert.equal(recorder.duplicateEventCount(), 0);
    // Halving finds one event among 100 in a handful of requests per level.
    assert.ok(recorder.requestsTo('batch').length <= 2 * Math.ceil(Math.log2(100)) + 1);
    await client.shutdown();
  });

  it('a single-event batch is still sent once and refused (no retry)', async () => {
    const reasons: string[] = [];
    const { client } = testClient(recorder.url, { onFailure: (_e, error) => reasons.push(error.reason) });
    recorder.setFaultPolicy('batch', refusesPoison);
    client.capture({ distinctId: 'u', event: 'alone', properties: { poison: true } });
    await client.flush();
    assert.deepEqual(reasons, ['rejected']);
    assert.equal(recorder.requestsTo('batch').length, 1);
    await client.shutdown();
  });
});

describe('fields the server checks are validated before and after beforeSend', () => {
  it('an event or distinct id a hook emptied, or a non-boolean $cookieless_mode, is refused naming the field; the rest of the batch is sent', async () => {
    const fields: string[] = [];
    const { client } = testClient(recorder.url, {
      onError: (e) => fields.push(isPostHogValidationError(e) ? e.field : e.message),
      beforeSend: (event) => {
        if (event.event === 'id emptied') return { ...event, distinctId: '' };
        if (event.event === 'name emptied') return { ...event, event: '  ' };
        if (event.event === 'cookieless spoiled') return { ...event, properties: { ...event.properties, $cookieless_mode: 'yes' } };
        return event;
      },
    });
    client.capture({ distinctId: 'u', event: 'good-1' });
    client.capture({ distinctId: 'u', event: 'id emptied' });
    client.capture({ distinctId: 'u', event: 'name emptied' });
    client.capture({ distinctId: 'u', event: 'cookieless spoiled' });
    client.capture({ distinctId: 'u', event: 'cookieless given', properties: { $cookieless_mode: 'true' } });
    client.capture({ distinctId: 'u', event: 'cookieless ok', properties: { $cookieless_mode: true } });
    client.capture({ distinctId: 'u', event: 'good-2' });
    await client.flush();
    assert.deepEqual(fields, [
      'distinctId (after beforeSend)',
      'event (after beforeSend)',
      'properties (after beforeSend).$cookieless_mode',
      'properties.$cookieless_mode',
    ]);
    assert.deepEqual(recorder.events.map((e) => e.event), ['good-1', 'cookieless ok', 'good-2']);
    assert.equal(recorder.requestsTo('batch').length, 1);
    await client.shutdown();
  });

  it('capture v1 keeps coercing $cookieless_mode into its options, as its server expects', async () => {
    const fields: string[] = [];
    const { client } = testClient(recorder.url, { captureMode: 'v1', onError: (e) => fields.push(e.message) });
    client.capture({ distinctId: 'u', event: 'v1', properties: { $cookieless_mode: 'true' } });
    await client.flush();
    assert.deepEqual(fields, []);
    assert.deepEqual(recorder.events.map((e) => e.options), [{ cookieless_mode: true }]);
    await client.shutdown();
  });
});
