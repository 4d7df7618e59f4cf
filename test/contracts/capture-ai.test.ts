// Contract: capture-ai (PostHog/sdk-specs openspec/specs/capture-ai).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const eventsOn = (route: 'batch' | 'ai') => recorder.events.filter((e) => e.route === route);

describe('capture-ai: spec scenarios', () => {
  it("capture_ai mirrors capture's parameters and returns the event UUID", async () => {
    const { client } = testClient(recorder.url);
    const id = client.captureAi({ distinctId: 'user-123', event: '$ai_generation', properties: { $ai_model: 'gpt' }, groups: { company: 'acme' } });
    await client.flush();
    const [request] = recorder.requestsTo('ai');
    assert.equal(request.path, '/i/v0/ai/batch/');
    const [event] = eventsOn('ai');
    assert.equal(event.uuid, id, 'the returned uuid is the one on the wire');
    assert.deepEqual([event.event, event.distinct_id, event.properties.$ai_model], ['$ai_generation', 'user-123', 'gpt']);
    assert.deepEqual(event.properties.$groups, { company: 'acme' }, 'the same parameters as capture()');
    assert.match(event.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await client.shutdown();
  });

  it('capture_ai rides an isolated route to the AI endpoint', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'user-123', event: 'button_clicked' });
    client.captureAi({ distinctId: 'user-123', event: '$ai_generation' });
    await client.flush();
    assert.deepEqual(eventsOn('batch').map((e) => e.event), ['button_clicked']);
    assert.deepEqual(eventsOn('ai').map((e) => e.event), ['$ai_generation']);
    await client.shutdown();
  });

  it('capture never reroutes AI-named events', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'user-123', event: '$ai_generation' });
    await client.flush();
    assert.deepEqual(eventsOn('batch').map((e) => e.event), ['$ai_generation']);
    assert.equal(recorder.requestsTo('ai').length, 0);
    await client.shutdown();
  });

  it('the SDK generates a UUID when the caller supplies none', async () => {
    const { client } = testClient(recorder.url);
    const generated = client.captureAi({ distinctId: 'user-123', event: '$ai_generation' });
    const given = '0198a3c2-1f2e-7b7a-9c1d-2e3f4a5b6c7d';
    const kept = client.captureAi({ distinctId: 'user-123', event: '$ai_generation', uuid: given });
    // An invalid uuid is replaced by a generated one (the spec leaves replace-or-reject to the platform).
    const replaced = client.captureAi({ distinctId: 'user-123', event: '$ai_generation', uuid: 'not-a-uuid' });
    await client.flush();
    const sent = eventsOn('ai').map((e) => e.uuid);
    assert.match(String(generated), UUID_V7);
    assert.equal(kept, given);
    assert.match(String(replaced), UUID_V7);
    assert.deepEqual(sent, [generated, given, replaced]);
    await client.shutdown();
  });

  it('oversized events are dropped logging name and size only', async () => {
    const { client, logger } = testClient(recorder.url);
    const secret = 'PROMPT-TEXT-THAT-MUST-NOT-BE-LOGGED';
    const id = client.captureAi({ distinctId: 'user-123', event: '$ai_generation', properties: { $ai_input: secret + 'x'.repeat(9 * 1024 * 1024) } });
    assert.equal(id, undefined);
    await client.flush();
    assert.equal(recorder.requestsTo('ai').length, 0, 'nothing reached the AI endpoint');
    assert.equal(logger.matching(/"\$ai_generation" (at least )?\d{7,} bytes/).length, 1, 'name and byte size are logged');
    for (const line of logger.lines) assert.ok(!line.message.includes(secret), `a property value was logged: ${line.message.slice(0, 120)}`);
    await client.shutdown();
  });

  it('capture_ai never throws', async () => {
    recorder.setFaultPolicy('ai', () => ({ kind: 'reset' }));
    const lost: string[] = [];
    const { client } = testClient(recorder.url, { maxRetries: 1, onFailure: (e, error) => lost.push(`${e.event}:${error.reason}`) });
    assert.doesNotThrow(() => client.captureAi({ distinctId: 'user-123', event: '$ai_generation' }));
    for (const bad of [undefined, null, 42, { event: '$ai_generation' }]) assert.doesNotThrow(() => client.captureAi(bad as never));
    await assert.doesNotReject(client.flush());
    assert.equal(recorder.requestsTo('ai').length, 2, 'the unreachable endpoint was tried, then retried once');
    assert.deepEqual(lost, [], 'kept for a later attempt, not thrown and not lost');
    await assert.doesNotReject(client.shutdown(1_000));
  });
});

describe('capture-ai', () => {
  it('normalises a caller timestamp to UTC', async () => {
    const { client } = testClient(recorder.url);
    client.captureAi({ distinctId: 'u', event: '$ai_trace', timestamp: '2025-01-02T08:34:05+05:30' });
    await client.flush();
    assert.equal(recorder.events[0].timestamp, '2025-01-02T03:04:05.000Z');
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
});
