// Contract: before-send-hook (PostHog/sdk-specs openspec/specs/before-send-hook).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WireEvent } from '../../src/messages/message.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('before-send-hook', () => {
  it('runs on the assembled event and sends what it returns', async () => {
    const seen: WireEvent[] = [];
    const { client } = testClient(recorder.url, {
      beforeSend: (event) => {
        seen.push(structuredClone(event));
        event.properties.redacted = true;
        delete event.properties.email;
        return event;
      },
    });
    client.capture({ distinctId: 'u', event: 'signup', properties: { email: 'a@b.c' } });
    await client.flush();
    assert.equal(seen[0].properties.$lib, 'posthog-ts');
    assert.match(seen[0].uuid, /^[0-9a-f-]{36}$/);
    assert.equal(recorder.events[0].properties.redacted, true);
    assert.equal('email' in recorder.events[0].properties, false);
    await client.shutdown();
  });

  it('null drops the event and stops the chain', async () => {
    let secondCalls = 0;
    const { client } = testClient(recorder.url, {
      beforeSend: [(e) => (e.event === 'drop me' ? null : e), (e) => { secondCalls++; return e; }],
    });
    client.capture({ distinctId: 'u', event: 'drop me' });
    client.capture({ distinctId: 'u', event: 'keep me' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['keep me']);
    assert.equal(secondCalls, 1);
    await client.shutdown();
  });

  it('a hook that throws drops the event (fail closed), warns, and stops the chain', async () => {
    let laterCalls = 0;
    const { client, logger } = testClient(recorder.url, {
      beforeSend: [(e) => { if (e.event === 'bad') throw new Error('hook broke'); return e; }, (e) => { laterCalls++; return e; }],
    });
    client.capture({ distinctId: 'u', event: 'bad' });
    client.capture({ distinctId: 'u', event: 'good' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['good']);
    assert.equal(laterCalls, 1);
    assert.equal(logger.matching(/beforeSend hook #1 threw/).length, 1);
    await client.shutdown();
  });

  it('chains hooks in order, each seeing the previous result', async () => {
    const { client } = testClient(recorder.url, {
      beforeSend: [(e) => ({ ...e, properties: { ...e.properties, step: 'one' } }), (e) => ({ ...e, event: `${e.event}:${e.properties.step}` })],
    });
    client.capture({ distinctId: 'u', event: 'chained' });
    await client.flush();
    assert.equal(recorder.events[0].event, 'chained:one');
    await client.shutdown();
  });
});
