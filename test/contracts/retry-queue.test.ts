// Contract: retry-queue (PostHog/sdk-specs openspec/specs/retry-queue).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DropReason } from '../../src/base/errors.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const batchEvents = (index: number) => (recorder.requestsTo('batch')[index].body as { batch: Array<{ uuid: string; timestamp: string; event: string }> }).batch;

/** A promise the test settles by hand: a request held on it stays in flight until then. */
function gate(): { released: Promise<void>; release: () => void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { released, release };
}

describe('retry-queue: spec scenarios', () => {
  it('Retry queue keeps events after transient failure', async () => {
    recorder.inject('batch', { status: 503 });
    const outcomes: string[] = [];
    const { client, logger } = testClient(recorder.url, {
      maxRetries: 0,
      onSuccess: (e) => outcomes.push(`sent:${e.event}`),
      onFailure: (e, error) => outcomes.push(`lost:${e.event}:${error.reason}`),
    }, new VirtualScheduler('manual'));
    const uuid = client.capture({ distinctId: 'user-123', event: 'Retry Me' });
    await client.flush();
    assert.deepEqual(recorder.requestsTo('batch').map((r) => r.outcome), [503]);
    assert.deepEqual(outcomes, [], 'neither delivered nor reported lost');
    assert.equal(logger.matching(/1 event\(s\) kept for a later attempt/).length, 1);
    // Still queued: the next flush sends the same event again (same uuid).
    await client.flush();
    assert.deepEqual(batchEvents(1).map((e) => [e.event, e.uuid]), [['Retry Me', uuid]]);
    await client.shutdown();
  });

  it('Retry queue delivers events after a later success', async () => {
    recorder.inject('batch', { status: 503 });
    const sent: string[] = [];
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { maxRetries: 0, onSuccess: (e) => sent.push(e.uuid) }, scheduler);
    const uuid = client.capture({ distinctId: 'user-123', event: 'Retry Me' });
    await client.flush();
    assert.equal(recorder.events.length, 0, 'queued for retry after the 503');
    // Retry processing runs on its own: the parked batch's cool-down timer fires.
    scheduler.advance(60_000);
    const [event] = await recorder.waitForEvents(1);
    assert.deepEqual([event.event, event.uuid], ['Retry Me', uuid]);
    await recorder.waitFor(() => sent.length === 1);
    assert.deepEqual(sent, [uuid]);
    // Removed from the queue: nothing is left to send.
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 2);
    await client.shutdown();
    assert.equal(recorder.requestsTo('batch').length, 2);
  });

  it('Retry queue drops or bounds events when capacity is exceeded', async () => {
    const dropped: string[] = [];
    const { client, logger } = testClient(recorder.url, { maxQueueSize: 2, flushAt: 2, onFailure: (e, error) => dropped.push(`${e.event}:${error.reason}`) }, new VirtualScheduler('manual'));
    for (const event of ['one', 'two', 'three']) client.capture({ distinctId: 'user-123', event });
    assert.deepEqual(dropped, ['three:queue_full']);
    assert.equal(logger.matching(/queue is full \(2 events\)/).length, 1);
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['one', 'two'], 'the queue held 2');
    await client.shutdown();
  });

  it('Events captured while a full queue is flushing are preserved, not dropped', async () => {
    const { released, release } = gate();
    recorder.inject('batch', { kind: 'hold', release: released });
    const dropped: string[] = [];
    // One request at a time, so the replacements wait in the queue while the first batch is held.
    const { client } = testClient(recorder.url, { flushAt: 3, maxQueueSize: 3, maxConcurrentRequests: 1, onFailure: (e, error) => dropped.push(`${e.event}:${error.reason}`) },
      new VirtualScheduler('manual'));
    for (const event of ['initial-1', 'initial-2', 'initial-3']) client.capture({ distinctId: 'user-123', event });
    const firstFlush = client.flush();
    await recorder.waitForRequests('batch', 1);
    for (const event of ['replacement-1', 'replacement-2', 'replacement-3']) client.capture({ distinctId: 'user-123', event });
    const droppedWhileInFlight = [...dropped];
    release();
    await firstFlush;
    assert.deepEqual(droppedWhileInFlight, [], 'the queue is full only of events in flight, which do not count');
    assert.deepEqual(batchEvents(0).map((e) => e.event), ['initial-1', 'initial-2', 'initial-3']);
    await client.flush();
    assert.deepEqual(recorder.requestsTo('batch').map((r) => (r.body as { batch: Array<{ event: string }> }).batch.map((e) => e.event)), [
      ['initial-1', 'initial-2', 'initial-3'],
      ['replacement-1', 'replacement-2', 'replacement-3'],
    ]);
    assert.deepEqual(dropped, []);
    await client.shutdown();
  });
});

describe('retry-queue: retries', () => {
  for (const status of [500, 502, 503, 504, 408, 429]) {
    it(`retries ${status} and keeps every uuid and timestamp`, async () => {
      recorder.inject('batch', { status });
      const { client } = testClient(recorder.url);
      client.capture({ distinctId: 'u', event: 'a' });
      client.capture({ distinctId: 'u', event: 'b', timestamp: '2025-01-02T03:04:05.123456Z' });
      await client.flush();
      const requests = recorder.requestsTo('batch');
      assert.deepEqual(requests.map((r) => r.outcome), [status, 200]);
      assert.deepEqual(batchEvents(1), batchEvents(0));
      assert.equal(recorder.events.length, 2);
      await client.shutdown();
    });
  }

  for (const status of [400, 401, 403, 413]) {
    it(`does not retry ${status} and reports the events as rejected`, async () => {
      recorder.inject('batch', { status });
      const failures: Array<{ event: string; reason: DropReason; status?: number }> = [];
      const { client } = testClient(recorder.url, { onFailure: (event, error) => failures.push({ event: event.event, reason: error.reason, status: error.status }) });
      client.capture({ distinctId: 'u', event: 'refused' });
      await client.flush();
      assert.equal(recorder.requestsTo('batch').length, 1);
      assert.deepEqual(failures, [{ event: 'refused', reason: 'rejected', status }]);
      await client.shutdown();
    });
  }

  it('splits a multi-event batch refused with 413 and sends both halves', async () => {
    recorder.inject('batch', { status: 413 });
    const { client } = testClient(recorder.url, { flushAt: 100 });
    for (let i = 0; i < 4; i++) client.capture({ distinctId: 'u', event: `e${i}` });
    await client.flush();
    const sizes = recorder.requestsTo('batch').map((r) => (r.body as { batch: unknown[] }).batch.length);
    assert.deepEqual(sizes, [4, 2, 2]);
    assert.equal(recorder.events.length, 4);
    await client.shutdown();
  });

  it('waits at least Retry-After before retrying', async () => {
    recorder.inject('batch', { status: 429, retryAfter: 3 });
    const scheduler = new VirtualScheduler('auto');
    const { client } = testClient(recorder.url, { retryDelay: 100 }, scheduler);
    client.capture({ distinctId: 'u', event: 'throttled' });
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 2);
    assert.ok(scheduler.requested.includes(3000), `sleeps requested: ${scheduler.requested.join(', ')}`);
    await client.shutdown();
  });

  it('backs off exponentially, capped, and stops after maxRetries (events kept for the next flush)', async () => {
    recorder.inject('batch', { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const scheduler = new VirtualScheduler('auto');
    const failures: string[] = [];
    const { client, logger } = testClient(recorder.url, { maxRetries: 3, retryDelay: 1000, onFailure: (e) => failures.push(e.event) }, scheduler);
    client.capture({ distinctId: 'u', event: 'persistent' });
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 4, 'one send plus exactly maxRetries retries');
    const backoffs = scheduler.requested.filter((ms) => ms >= 500 && ms <= 4000);
    assert.equal(backoffs.length, 3);
    assert.ok(backoffs[0] >= 500 && backoffs[0] <= 1000 && backoffs[2] >= 2000 && backoffs[2] <= 4000, `backoffs ${backoffs}`);
    assert.deepEqual(failures, [], 'kept, not lost');
    assert.equal(logger.matching(/kept for a later attempt/).length, 1);
    // The next flush tries again: one more 503, then the server recovers.
    await client.flush();
    assert.equal(recorder.events.length, 1);
    assert.equal(recorder.events[0].event, 'persistent');
    await client.shutdown();
  });

  it('times out a request that never answers and retries it', async () => {
    recorder.inject('batch', { kind: 'hang' });
    // A real deadline, long enough that the retry's answer is read before it on a busy machine.
    const { client } = testClient(recorder.url, { requestTimeout: 2_000 });
    client.capture({ distinctId: 'u', event: 'slow' });
    await client.flush();
    assert.deepEqual(recorder.requestsTo('batch').map((r) => r.outcome), ['hang', 200]);
    assert.equal(recorder.events.length, 1);
    await client.shutdown();
  });

  it('retries a dropped connection and a lost response (the server de-duplicates by uuid)', async () => {
    recorder.inject('batch', { kind: 'reset' }, { kind: 'lose-response' });
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'bumpy' });
    await client.flush();
    assert.deepEqual(recorder.requestsTo('batch').map((r) => r.outcome), ['reset', 'lost', 200]);
    assert.equal(recorder.uniqueEventCount(), 1);
    assert.equal(recorder.duplicateEventCount(), 1);
    await client.shutdown();
  });

  it('a batch backing off does not stall the others', async () => {
    recorder.inject('batch', { status: 503, retryAfter: 30 });
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { flushAt: 1, maxBatchSize: 1 }, scheduler);
    client.capture({ distinctId: 'u', event: 'first' });
    await recorder.waitForRequests('batch', 1);
    client.capture({ distinctId: 'u', event: 'second' });
    client.capture({ distinctId: 'u', event: 'third' });
    await recorder.waitForEvents(2);
    assert.deepEqual(recorder.events.map((e) => e.event).sort(), ['second', 'third']);
    scheduler.advance(30_000);
    await recorder.waitForEvents(3);
    await client.shutdown();
  });

  it('requests that never answer do not hold every slot until they time out', async () => {
    recorder.inject('batch', { kind: 'hang' }, { kind: 'hang' });
    const { client } = testClient(recorder.url, { flushAt: 1, maxBatchSize: 1, maxConcurrentRequests: 2, requestTimeout: 60_000 }, null);
    client.capture({ distinctId: 'u', event: 'hung-1' });
    client.capture({ distinctId: 'u', event: 'hung-2' });
    await recorder.waitForRequests('batch', 2);
    client.capture({ distinctId: 'u', event: 'behind' });
    // Both slots hold a dead request; the third batch still goes out long before the 60 s timeout.
    const [event] = await recorder.waitForEvents(1, { timeoutMs: 10_000 });
    assert.equal(event.event, 'behind');
    await client.shutdown(100);
  });
});

describe('retry-queue: bounded queue', () => {
  it('a maxQueueSize below flushAt is kept as the bound; flushAt comes down to it, with a warning naming both', async () => {
    const dropped: string[] = [];
    const { client, logger } = testClient(recorder.url, { flushAt: 5, maxQueueSize: 2, onFailure: (e) => dropped.push(e.event) }, new VirtualScheduler('manual'));
    assert.equal(logger.matching(/flushAt=5 is above maxQueueSize=2; using flushAt=2/).length, 1);
    for (const event of ['a', 'b', 'c']) client.capture({ distinctId: 'u', event });
    assert.deepEqual(dropped, ['c']);
    // Two events reach the lowered flushAt: they leave without a flush() or the timer.
    await recorder.waitForEvents(2);
    assert.deepEqual(recorder.events.map((e) => e.event), ['a', 'b']);
    await client.shutdown();
  });


  it('drops new events when full, warns once per burst and reports each drop', async () => {
    const dropped: string[] = [];
    const { client, logger } = testClient(recorder.url, {
      flushAt: 5,
      maxQueueSize: 5,
      maxConcurrentRequests: 1,
      onFailure: (e, error) => dropped.push(`${e.event}:${error.reason}`),
    }, new VirtualScheduler('manual'));
    recorder.inject('batch', { kind: 'delay', ms: 200 });
    for (let i = 0; i < 8; i++) client.capture({ distinctId: 'u', event: `e${i}` });
    assert.deepEqual(dropped, ['e5:queue_full', 'e6:queue_full', 'e7:queue_full']);
    assert.equal(logger.matching(/queue is full/).length, 1);
    await client.flush();
    assert.equal(recorder.events.length, 5);
    client.capture({ distinctId: 'u', event: 'after' });
    assert.equal(logger.matching(/3 event\(s\) were dropped/).length, 1);
    await client.shutdown();
  });
});
