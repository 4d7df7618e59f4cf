// Contract: capture-ai (PostHog/sdk-specs openspec/specs/capture-ai).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('capture-ai', () => {
  it('sends AI events to /i/v0/ai/batch/ and returns the uuid that goes on the wire', async () => {
    const { client } = testClient(recorder.url);
    const id = client.captureAi({ distinctId: 'u', event: '$ai_generation', properties: { $ai_model: 'm' } });
    await client.flush();
    const [request] = recorder.requestsTo('ai');
    assert.equal(request.path, '/i/v0/ai/batch/');
    assert.equal((request.body as { batch: Array<{ uuid: string }> }).batch[0].uuid, id);
    assert.equal(recorder.requestsTo('batch').length, 0);
    await client.shutdown();
  });

  it('keeps a caller uuid and normalises the timestamp to UTC', async () => {
    const { client } = testClient(recorder.url);
    const given = '0198a3c2-1f2e-7b7a-9c1d-2e3f4a5b6c7d';
    assert.equal(client.captureAi({ distinctId: 'u', event: '$ai_trace', uuid: given, timestamp: '2025-01-02T08:34:05+05:30' }), given);
    await client.flush();
    assert.equal(recorder.events[0].timestamp, '2025-01-02T03:04:05.000Z');
    await client.shutdown();
  });

  it('$ai_* events sent through capture() stay on the analytics lane', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: '$ai_generation' });
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 1);
    assert.equal(recorder.requestsTo('ai').length, 0);
    await client.shutdown();
  });

  it('lanes are isolated: a failing AI batch never resends analytics events', async () => {
    recorder.inject('ai', { status: 503 });
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'analytics' });
    client.captureAi({ distinctId: 'u', event: '$ai_generation' });
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 1);
    assert.equal(recorder.requestsTo('ai').length, 2);
    await client.shutdown();
  });

  it('drops an event over 8 MiB, logging its name and size, and returns undefined', async () => {
    const { client, logger } = testClient(recorder.url);
    const id = client.captureAi({ distinctId: 'u', event: '$ai_generation', properties: { $ai_input: 'x'.repeat(9 * 1024 * 1024) } });
    assert.equal(id, undefined);
    assert.equal(logger.matching(/"\$ai_generation" \d+ bytes/).length, 1);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });
});
