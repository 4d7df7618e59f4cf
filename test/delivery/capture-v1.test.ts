import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DropReason } from '../../src/base/errors.js';
import { toV1Event } from '../../src/messages/v1-event.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const uuid = (n: number) => `0198a3c2-1f2e-7b7a-9c1d-${String(n).padStart(12, '0')}`;
type V1Body = { created_at: string; batch: Array<{ uuid: string; event: string; options: Record<string, unknown>; session_id?: string; properties: Record<string, unknown> }> };

describe('capture v1 wire format', () => {
  it('posts to /i/v1/analytics/events with Bearer auth, sdk info, attempt, request id and timestamp headers', async () => {
    const { client } = testClient(recorder.url, { captureMode: 'v1' });
    client.capture({ distinctId: 'u', event: 'v1 event', properties: { $session_id: 's-1', $process_person_profile: 'false', plan: 'pro' } });
    await client.flush();
    const [request] = recorder.requestsTo('capture_v1');
    assert.equal(request.headers.authorization, 'Bearer phc_test_key');
    assert.match(request.headers['posthog-sdk-info'], /^posthog-ts\/.+$/);
    assert.equal(request.headers['posthog-attempt'], '1');
    assert.match(request.headers['posthog-request-id'], /^[0-9a-f-]{36}$/);
    assert.match(request.headers['posthog-request-timestamp'], /Z$/);
    const body = request.body as V1Body & { api_key?: string };
    assert.equal(body.api_key, undefined);
    const [event] = body.batch;
    assert.equal(event.session_id, 's-1');
    assert.deepEqual(event.options, { process_person_profile: false });
    assert.deepEqual(event.properties, { plan: 'pro', $is_server: true, $geoip_disable: true });
    await client.shutdown();
  });

  it('moves options out of properties and drops values it cannot coerce', () => {
    const e = toV1Event({
      event: 'e', distinct_id: 'u', uuid: uuid(1), timestamp: 't',
      properties: { $cookieless_mode: 1, $ignore_sent_at: 'maybe', $product_tour_id: 7, $window_id: 'w', $lib: 'x', keep: 1 },
    });
    assert.deepEqual(e.options, { cookieless_mode: true });
    assert.equal(e.window_id, 'w');
    assert.deepEqual(e.properties, { keep: 1 });
    assert.equal(Object.keys(e)[0], 'uuid');
  });
});

describe('capture v1 body encodings', () => {
  for (const encoding of ['gzip', 'deflate', 'br'] as const) {
    it(`compresses with ${encoding} when asked, and the events arrive intact`, async () => {
      const { client } = testClient(recorder.url, { captureMode: 'v1', compression: encoding });
      client.capture({ distinctId: 'u', event: `sent as ${encoding}`, properties: { text: 'é'.repeat(50) } });
      await client.flush();
      const [request] = recorder.requestsTo('capture_v1');
      assert.equal(request.headers['content-encoding'], encoding);
      assert.equal((request.body as V1Body).batch[0].event, `sent as ${encoding}`);
      assert.equal((request.body as V1Body).batch[0].properties.text, 'é'.repeat(50));
      await client.shutdown();
    });
  }

  it('falls back to gzip, with a warning, on a runtime without the encoding', async () => {
    const { client, logger } = testClient(recorder.url, { captureMode: 'v1', compression: 'zstd', platform: { encoders: {} } } as never);
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    assert.equal(recorder.requestsTo('capture_v1')[0].headers['content-encoding'], 'gzip');
    assert.equal(logger.matching(/zstd/).length, 1);
    await client.shutdown();
  });

  it('sends no Content-Encoding with disableCompression', async () => {
    const { client } = testClient(recorder.url, { captureMode: 'v1', compression: 'br', disableCompression: true });
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    assert.equal(recorder.requestsTo('capture_v1')[0].headers['content-encoding'], undefined);
    await client.shutdown();
  });
});

describe('capture v1 retries', () => {
  it('resends only the events the server asked to retry, with the same request id and attempt + 1', async () => {
    recorder.inject('capture_v1', { status: 200, body: { results: { [uuid(1)]: { result: 'ok' }, [uuid(2)]: { result: 'retry' }, [uuid(3)]: { result: 'drop', details: 'invalid' } } } });
    const failures: Array<[string, DropReason]> = [];
    const { client } = testClient(recorder.url, { captureMode: 'v1', flushAt: 10, onFailure: (e, error) => failures.push([e.uuid, error.reason]) });
    for (let i = 1; i <= 3; i++) client.capture({ distinctId: 'u', event: `e${i}`, uuid: uuid(i) });
    await client.flush();
    const [first, second] = recorder.requestsTo('capture_v1');
    assert.deepEqual((second.body as V1Body).batch.map((e) => e.uuid), [uuid(2)]);
    assert.equal(second.headers['posthog-request-id'], first.headers['posthog-request-id']);
    assert.deepEqual([first.headers['posthog-attempt'], second.headers['posthog-attempt']], ['1', '2']);
    assert.equal((second.body as V1Body).created_at, (first.body as V1Body).created_at);
    assert.deepEqual(failures, [[uuid(3), 'dropped_by_server']]);
    assert.equal(recorder.requestsTo('capture_v1').length, 2);
    await client.shutdown();
  });

  for (const status of [408, 429, 500, 502, 503, 504]) {
    it(`retries ${status}`, async () => {
      recorder.inject('capture_v1', { status });
      const { client } = testClient(recorder.url, { captureMode: 'v1' });
      client.capture({ distinctId: 'u', event: 'e' });
      await client.flush();
      assert.deepEqual(recorder.requestsTo('capture_v1').map((r) => r.outcome), [status, 200]);
      await client.shutdown();
    });
  }

  for (const status of [400, 401, 402, 403, 413, 415, 501]) {
    it(`does not retry ${status}`, async () => {
      recorder.inject('capture_v1', { status });
      const { client } = testClient(recorder.url, { captureMode: 'v1' });
      client.capture({ distinctId: 'u', event: 'e' });
      await client.flush();
      assert.equal(recorder.requestsTo('capture_v1').length, 1);
      await client.shutdown();
    });
  }
});
