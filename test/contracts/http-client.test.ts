// Contract: http-client (PostHog/sdk-specs openspec/specs/http-client).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { on: true } });

describe('http-client', () => {
  it('puts the project token in the ingestion body, with a User-Agent naming the SDK', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    const [request] = recorder.requestsTo('batch');
    assert.equal((request.body as { api_key: string }).api_key, 'phc_test_key');
    assert.match(request.headers['user-agent'] ?? '', /^posthog-ts\/\d/);
    await client.shutdown();
  });

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
    assert.equal(await client.getFeatureFlag('on', 'u'), undefined);
    await client.shutdown(100);
  });

  it('/flags retries transport errors, 502 and 504 once, after 300 ms; nothing else', async () => {
    const scheduler = new VirtualScheduler('auto');
    const { client } = testClient(recorder.url, {}, scheduler);
    recorder.inject('flags', { status: 504 });
    assert.equal(await client.getFeatureFlag('on', 'u'), true);
    assert.ok(scheduler.requested.includes(300));
    recorder.inject('flags', { kind: 'reset' });
    assert.equal(await client.getFeatureFlag('on', 'u2'), true);
    recorder.inject('flags', { status: 503 });
    assert.equal(await client.getFeatureFlag('on', 'u3'), undefined);
    assert.deepEqual(recorder.requestsTo('flags').map((r) => r.outcome), [504, 200, 'reset', 200, 503]);
    await client.shutdown();
  });

  it('a second transient failure of /flags is final (one retry by default)', async () => {
    const { client } = testClient(recorder.url);
    recorder.inject('flags', { status: 502 }, { status: 502 });
    assert.equal(await client.getFeatureFlag('on', 'u'), undefined);
    assert.equal(recorder.requestsTo('flags').length, 2);
    await client.shutdown();
  });
});
