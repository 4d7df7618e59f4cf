// posthog-node's `*Immediate` methods: the event skips the queue, is sent at once, and the promise
// resolves when PostHog answered (or by the deadline, the event then joining the queue).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('immediate sends', () => {
  it('each *Immediate method has sent its event by the time it resolves, without a flush', async () => {
    // flushAt and flushInterval would hold a queued event for a minute: only an immediate send arrives.
    const { client } = testClient(recorder.url, { flushAt: 100, flushInterval: 60_000 });
    await client.captureImmediate({ distinctId: 'u', event: 'now', properties: { a: 1 } });
    assert.deepEqual(recorder.events.map((e) => e.event), ['now']);
    await client.identifyImmediate({ distinctId: 'u', properties: { email: 'a@b.c' } });
    await client.aliasImmediate({ distinctId: 'u', alias: 'anon' });
    await client.groupIdentifyImmediate({ groupType: 'company', groupKey: 'acme', properties: { name: 'Acme' } });
    await client.captureExceptionImmediate(new Error('boom'), 'u', { route: '/pay' });
    const uuid = await client.captureAiImmediate({ distinctId: 'u', event: '$ai_generation', properties: { $ai_model: 'm' } });
    assert.deepEqual(recorder.events.map((e) => e.event), ['now', '$identify', '$create_alias', '$groupidentify', '$exception', '$ai_generation']);
    assert.equal(recorder.events[4].properties.route, '/pay');
    assert.equal(recorder.events[5].uuid, uuid);
    assert.equal(recorder.events[5].route, 'ai');
    // One request per event, and nothing left queued.
    assert.equal(recorder.requestsTo('batch').length, 5);
    await client.shutdown();
    assert.equal(recorder.requestsTo('batch').length, 5);
  });

  it('resolves only after PostHog answered: a slow answer is waited for', async () => {
    recorder.inject('batch', { kind: 'delay', ms: 150 });
    const { client } = testClient(recorder.url, {}, null);
    let resolved = false;
    const sent = client.captureImmediate({ distinctId: 'u', event: 'slow' }).then(() => (resolved = true));
    await recorder.waitForRequests('batch', 1);
    assert.equal(resolved, false, 'still waiting for the answer');
    await sent;
    assert.equal(recorder.events.length, 1);
    await client.shutdown();
  });

  it('retries like its lane: a 503 then a 200 resolves with the event delivered once', async () => {
    recorder.inject('batch', { status: 503 });
    const { client } = testClient(recorder.url, { maxRetries: 2, retryDelay: 10 });
    await client.captureImmediate({ distinctId: 'u', event: 'retried' });
    assert.equal(recorder.requestsTo('batch').length, 2);
    assert.deepEqual(recorder.events.map((e) => e.event), ['retried']);
    await client.shutdown();
  });

  it('a server that never answers: resolves by the deadline, and the event joins the queue', async () => {
    recorder.inject('batch', { kind: 'hang' });
    const { client, logger } = testClient(recorder.url, { requestTimeout: 1_000, maxRetries: 0 }, null);
    await client.captureImmediate({ distinctId: 'u', event: 'late' });
    assert.equal(recorder.events.length, 0);
    assert.equal(logger.matching(/not delivered in time; it was queued/).length, 1);
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['late']);
    await client.shutdown();
  });

  it('a refusal is reported like any lost event: onFailure and on("error"), and the promise still resolves', async () => {
    recorder.inject('batch', { status: 400, body: { error: 'bad' } });
    const failures: string[] = [];
    const errors: unknown[] = [];
    const { client } = testClient(recorder.url, { onFailure: (event, error) => failures.push(`${event.event}:${error.reason}`) });
    client.on('error', (error) => errors.push(error));
    await client.captureImmediate({ distinctId: 'u', event: 'refused' });
    assert.deepEqual(failures, ['refused:rejected']);
    assert.equal(errors.length, 1);
    assert.equal((errors[0] as { reason?: string }).reason, 'rejected');
    await client.shutdown();
  });

  it('sends nothing when opted out or disabled, and resolves', async () => {
    const { client } = testClient(recorder.url);
    await client.optOut();
    await client.captureImmediate({ distinctId: 'u', event: 'no' });
    assert.equal(await client.captureAiImmediate({ distinctId: 'u', event: '$ai_trace' }), undefined);
    const disabled = testClient(recorder.url, { disabled: true }).client;
    await disabled.identifyImmediate({ distinctId: 'u' });
    assert.equal(recorder.requests.length, 0);
    await Promise.all([client.shutdown(), disabled.shutdown()]);
  });

  it('shutdown waits for an immediate send in flight', async () => {
    recorder.inject('batch', { kind: 'delay', ms: 100 });
    const { client } = testClient(recorder.url, {}, null);
    const sent = client.captureImmediate({ distinctId: 'u', event: 'in flight' });
    await recorder.waitForRequests('batch', 1);
    await client.shutdown(5_000);
    assert.deepEqual(recorder.events.map((e) => e.event), ['in flight']);
    await sent;
  });
});
