// Contract: event-batcher (PostHog/sdk-specs openspec/specs/event-batcher).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const eventsOf = (request: { body: unknown }) => (request.body as { batch: Array<{ event: string }> }).batch.map((e) => e.event);

describe('event-batcher: spec scenarios', () => {
  it('Batcher flushes when batch size threshold is reached', async () => {
    const sent: string[] = [];
    // Manual virtual time: the flush timer cannot fire, so only the threshold can send.
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { flushAt: 2, onSuccess: (e) => sent.push(e.event) }, scheduler);
    client.capture({ distinctId: 'user-123', event: 'First' });
    client.capture({ distinctId: 'user-123', event: 'Second' });
    const [request] = await recorder.waitForRequests('batch', 1);
    assert.deepEqual(eventsOf(request), ['First', 'Second']);
    await recorder.waitFor(() => sent.length === 2);
    assert.deepEqual(sent, ['First', 'Second']);
    // Empty after the successful flush: an explicit flush has nothing left to send.
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 1);
    await client.shutdown();
  });

  it('Batcher flushes when interval elapses', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { flushInterval: 10_000 }, scheduler);
    client.capture({ distinctId: 'user-123', event: 'Delayed' });
    scheduler.advance(9_999);
    assert.deepEqual(scheduler.pendingDelays(), [1], 'the flush timer has not fired before 10 seconds');
    assert.equal(recorder.requests.length, 0);
    scheduler.advance(1);
    const [request] = await recorder.waitForRequests('batch', 1);
    assert.deepEqual(eventsOf(request), ['Delayed']);
    await client.shutdown();
  });

  it('Batcher preserves FIFO order within a batch', async () => {
    const { client } = testClient(recorder.url, { flushAt: 3 }, new VirtualScheduler('manual'));
    for (const event of ['First', 'Second', 'Third']) client.capture({ distinctId: 'user-123', event });
    const [request] = await recorder.waitForRequests('batch', 1);
    assert.deepEqual(eventsOf(request), ['First', 'Second', 'Third']);
    await client.shutdown();
  });
});

describe('event-batcher', () => {
  it('splits a backlog into batches capped by maxBatchSize, in FIFO order', async () => {
    const { client } = testClient(recorder.url, { flushAt: 4, maxBatchSize: 4, flushInterval: 60_000 }, new VirtualScheduler('manual'));
    for (let i = 0; i < 10; i++) client.capture({ distinctId: 'u', event: `e${i}` });
    await client.flush();
    const sizes = recorder.requestsTo('batch').map((r) => (r.body as { batch: unknown[] }).batch.length).sort();
    assert.deepEqual(sizes, [2, 4, 4]);
    assert.deepEqual(recorder.events.map((e) => e.event).sort(), Array.from({ length: 10 }, (_, i) => `e${i}`).sort());
    await client.shutdown();
  });

  it('caps batches by bytes', async () => {
    const { client } = testClient(recorder.url, { flushAt: 1000, maxBatchBytes: 4096 });
    for (let i = 0; i < 20; i++) client.capture({ distinctId: 'u', event: 'padded', properties: { pad: 'x'.repeat(1000) } });
    await client.flush();
    const requests = recorder.requestsTo('batch');
    assert.ok(requests.length >= 5, `expected ≥5 requests, got ${requests.length}`);
    for (const r of requests) assert.ok(JSON.stringify(r.body).length <= 4096 + 100, 'batch body over the byte cap');
    assert.equal(recorder.events.length, 20);
    await client.shutdown();
  });

  it('gzips bodies by default and sends plain JSON with disableCompression', async () => {
    const gz = testClient(recorder.url);
    gz.client.capture({ distinctId: 'u', event: 'zipped' });
    await gz.client.flush();
    const plain = testClient(recorder.url, { disableCompression: true });
    plain.client.capture({ distinctId: 'u', event: 'plain' });
    await plain.client.flush();
    const [first, second] = recorder.requestsTo('batch');
    assert.equal(first.headers['content-encoding'], 'gzip');
    assert.equal(first.gzipped, true);
    assert.equal(second.headers['content-encoding'], undefined);
    assert.deepEqual(recorder.events.map((e) => e.event), ['zipped', 'plain']);
    assert.equal((first.body as { api_key: string }).api_key, 'phc_test_key');
    await Promise.all([gz.client.shutdown(), plain.client.shutdown()]);
  });

  it('flush() with nothing queued sends no request', async () => {
    const { client } = testClient(recorder.url);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });
});
