// Contract: http-client (PostHog/sdk-specs openspec/specs/http-client).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { 'beta-ui': true } });

/**
 * A flag client on virtual time. The `/flags` request timeout bounds real I/O, so it is real time:
 * 1 s, long enough for any loopback answer on a busy machine, short enough for a test to wait out a
 * request that hangs. `auto` where a wrong retry must show up as an extra request rather than a wait.
 */
function flagsClient(options: Record<string, unknown> = {}, mode: 'manual' | 'auto' = 'manual') {
  const scheduler = new VirtualScheduler(mode);
  const made = testClient(recorder.url, { featureFlagsRequestTimeoutMs: 1_000, sendFeatureFlagEvent: false, ...options }, scheduler);
  return { ...made, scheduler };
}

/** Waits until the client sleeps before its next `/flags` attempt, and checks it waits `ms` for it. */
async function expectRetryAfter(scheduler: VirtualScheduler, ms: number, requestsSoFar: number) {
  await recorder.waitFor(() => scheduler.pendingDelays().length === 1);
  assert.deepEqual(scheduler.pendingDelays(), [ms]);
  scheduler.advance(ms - 1);
  assert.deepEqual(scheduler.pendingDelays(), [1], `no retry before ${ms} ms`);
  assert.equal(recorder.requestsTo('flags').length, requestsSoFar);
  scheduler.advance(1);
  await recorder.waitForRequests('flags', requestsSoFar + 1);
}

describe('http-client: spec scenarios', () => {
  it('HTTP client sends ingestion requests with authentication and JSON payload', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'user-123', event: 'Save' });
    await client.flush();
    const [request] = recorder.requestsTo('batch');
    assert.equal(request.path, '/batch/');
    assert.equal(request.headers['content-type'], 'application/json');
    const body = request.body as { api_key: string; batch: Array<{ event: string; distinct_id: string }> };
    assert.equal(body.api_key, 'phc_test_key', 'the project token authenticates the request');
    assert.deepEqual(body.batch.map((e) => [e.event, e.distinct_id]), [['Save', 'user-123']]);
    assert.match(request.headers['user-agent'] ?? '', /^posthog-ts\/\d/);
    await client.shutdown();
  });

  it('HTTP client treats successful status codes as delivered', async () => {
    recorder.inject('batch', { status: 200 });
    const sent: string[] = [];
    const lost: string[] = [];
    const { client } = testClient(recorder.url, { onSuccess: (e) => sent.push(e.event), onFailure: (e) => lost.push(e.event) });
    client.capture({ distinctId: 'user-123', event: 'Save' });
    await client.flush();
    assert.deepEqual([sent, lost], [['Save'], []]);
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 1, 'the queue is empty: nothing is sent again');
    await client.shutdown();
  });

  it('HTTP client reports retryable failures without throwing to capture callers', async () => {
    recorder.inject('batch', { status: 503 });
    const lost: string[] = [];
    const { client, logger } = testClient(recorder.url, { maxRetries: 0, onFailure: (e) => lost.push(e.event) }, new VirtualScheduler('manual'));
    let uuid: string | undefined;
    assert.doesNotThrow(() => {
      uuid = client.capture({ distinctId: 'user-123', event: 'Retry Me' });
    });
    await assert.doesNotReject(client.flush());
    assert.deepEqual(lost, [], 'not lost');
    assert.equal(logger.matching(/kept for a later attempt after .*503/).length, 1, 'reported in the log, not thrown');
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.uuid]), [['Retry Me', uuid]], 'still queued, sent by the next flush');
    await client.shutdown();
  });

  it('Flags request retries one transient transport failure by default', async () => {
    recorder.inject('flags', { kind: 'hang' });
    const { client, scheduler } = flagsClient();
    const value = client.getFeatureFlag('beta-ui', 'user-123');
    await recorder.waitForRequests('flags', 1);
    await expectRetryAfter(scheduler, 300, 1);
    assert.equal(await value, true);
    assert.equal(recorder.requestsTo('flags').length, 2);
    assert.deepEqual(recorder.requestsTo('flags')[1].body, recorder.requestsTo('flags')[0].body, 'the same request again');
    await client.shutdown();
  });

  for (const status of [502, 504]) {
    it(`Flags request retries transient gateway HTTP status errors by default (${status})`, async () => {
      recorder.inject('flags', { status });
      const { client, scheduler } = flagsClient();
      const value = client.getFeatureFlag('beta-ui', 'user-123');
      await recorder.waitForRequests('flags', 1);
      await expectRetryAfter(scheduler, 300, 1);
      assert.equal(await value, true);
      assert.deepEqual(recorder.requestsTo('flags').map((r) => r.outcome), [status, 200]);
      await client.shutdown();
    });
  }

  it('Flags request does not retry non-transient HTTP status errors', async () => {
    const { client, scheduler } = flagsClient({}, 'auto');
    for (const status of [503, 500, 429, 408, 400]) {
      recorder.inject('flags', { status });
      await assert.doesNotReject(async () => assert.equal(await client.getFeatureFlag('beta-ui', 'user-123'), undefined));
    }
    assert.deepEqual(recorder.requestsTo('flags').map((r) => r.outcome), [503, 500, 429, 408, 400], 'one request each');
    assert.equal(scheduler.requested.includes(300), false, 'no retry was scheduled');
    await client.shutdown();
  });

  it('Zero configured flag retries disables retry', async () => {
    recorder.inject('flags', { kind: 'hang' });
    const { client, scheduler } = flagsClient({ featureFlagsRequestRetries: 0 }, 'auto');
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123'), undefined);
    assert.equal(recorder.requestsTo('flags').length, 1);
    assert.equal(scheduler.requested.includes(300), false);
    await client.shutdown();
  });

  it('Configured flag retries use 300ms exponential backoff', async () => {
    // Connections dropped before any response: transport failures without waiting out two timeouts.
    recorder.inject('flags', { kind: 'reset' }, { kind: 'reset' });
    const { client, scheduler } = flagsClient({ featureFlagsRequestRetries: 2 });
    const value = client.getFeatureFlag('beta-ui', 'user-123');
    await recorder.waitForRequests('flags', 1);
    await expectRetryAfter(scheduler, 300, 1);
    await expectRetryAfter(scheduler, 600, 2);
    assert.equal(await value, true);
    assert.equal(recorder.requestsTo('flags').length, 3);
    await client.shutdown();
  });
});

describe('http-client', () => {
  it('gzips request bodies by default', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    assert.equal(recorder.requestsTo('batch')[0].headers['content-encoding'], 'gzip');
    await client.shutdown();
  });

  it('network errors never reach the caller', async () => {
    const { client } = testClient('http://127.0.0.1:9', { maxRetries: 0 });
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    assert.equal(await client.getFeatureFlag('beta-ui', 'u'), undefined);
    await client.shutdown(100);
  });

  it('a second transient failure of /flags is final (one retry by default)', async () => {
    const { client } = testClient(recorder.url);
    recorder.inject('flags', { status: 502 }, { status: 502 });
    assert.equal(await client.getFeatureFlag('beta-ui', 'u'), undefined);
    assert.equal(recorder.requestsTo('flags').length, 2);
    await client.shutdown();
  });
});
