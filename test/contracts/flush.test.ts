// Contract: flush (PostHog/sdk-specs openspec/specs/flush).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const eventsOf = (index: number) => (recorder.requestsTo('batch')[index].body as { batch: Array<{ event: string; uuid: string }> }).batch;

describe('flush: spec scenarios', () => {
  it('Flush immediately sends queued events', async () => {
    const sent: string[] = [];
    // Manual virtual time and a high flushAt: nothing but flush() can send these.
    const { client } = testClient(recorder.url, { flushAt: 100, onSuccess: (e) => sent.push(e.event) }, new VirtualScheduler('manual'));
    client.capture({ distinctId: 'user-123', event: 'First' });
    client.capture({ distinctId: 'user-123', event: 'Second' });
    assert.equal(recorder.requests.length, 0);
    await client.flush();
    assert.deepEqual(eventsOf(0).map((e) => e.event), ['First', 'Second']);
    assert.deepEqual(sent, ['First', 'Second']);
    await client.flush();
    assert.equal(recorder.requests.length, 1, 'the queue was empty after the successful flush');
    await client.shutdown();
  });

  it('Flush is safe when the queue is empty', async () => {
    const { client } = testClient(recorder.url);
    await assert.doesNotReject(client.flush());
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('Flush keeps events retryable when delivery fails', async () => {
    recorder.inject('batch', { status: 503 });
    const lost: string[] = [];
    const { client } = testClient(recorder.url, { maxRetries: 0, onFailure: (e) => lost.push(e.event) }, new VirtualScheduler('manual'));
    const uuid = client.capture({ distinctId: 'user-123', event: 'Save' });
    await assert.doesNotReject(client.flush());
    assert.deepEqual(recorder.requestsTo('batch').map((r) => r.outcome), [503]);
    assert.deepEqual(lost, [], 'kept, not dropped');
    await client.flush();
    assert.deepEqual(eventsOf(1).map((e) => [e.event, e.uuid]), [['Save', uuid]], 'the same event goes again');
    await client.shutdown();
  });
});

describe('flush', () => {
  it('never rejects when delivery fails for good', async () => {
    recorder.inject('batch', { status: 400 });
    const lost: string[] = [];
    const { client } = testClient(recorder.url, { onFailure: (_e, error) => lost.push(error.reason) });
    client.capture({ distinctId: 'u', event: 'e' });
    await assert.doesNotReject(client.flush());
    assert.deepEqual(lost, ['rejected']);
    await client.shutdown();
  });
});
