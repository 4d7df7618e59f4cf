// Contract: before-send-hook (PostHog/sdk-specs openspec/specs/before-send-hook).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BeforeSendEvent } from '../../src/messages/before-send.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('before-send-hook: spec scenarios', () => {
  it('Before-send can mutate an assembled event before enqueue', async () => {
    const seen: BeforeSendEvent[] = [];
    const { client } = testClient(recorder.url, {
      beforeSend: (event) => {
        seen.push(structuredClone(event));
        event.properties.privacy = 'filtered';
        delete event.properties.email;
        return event;
      },
    });
    await client.register({ plan: 'pro' });
    client.capture({ distinctId: 'user-123', event: 'Checkout Started', properties: { email: 'a@b.c' }, groups: { company: 42 } });
    await client.flush();
    // The hook saw the assembled message in posthog-node's shape: id, merged super and call
    // properties, groups, uuid and time. The SDK's own properties are added after it, as posthog-node does.
    assert.equal(seen[0].distinctId, 'user-123');
    assert.deepEqual(seen[0].properties, { plan: 'pro', email: 'a@b.c' });
    assert.deepEqual(seen[0].groups, { company: 42 });
    assert.match(String(seen[0].uuid), /^[0-9a-f-]{36}$/);
    assert.ok(seen[0].timestamp instanceof Date);
    assert.equal(recorder.events.length, 1);
    const [sent] = recorder.events;
    assert.deepEqual([sent.event, sent.properties.privacy], ['Checkout Started', 'filtered']);
    assert.equal('email' in sent.properties, false);
    assert.equal(sent.properties.$lib, 'posthog-ts');
    assert.equal(sent.uuid, seen[0].uuid);
    await client.shutdown();
  });

  it('Before-send can drop an event', async () => {
    let laterHookCalls = 0;
    const { client } = testClient(recorder.url, {
      beforeSend: [(e) => (e.event === 'Secret Event' ? null : e), (e) => { laterHookCalls++; return e; }],
    });
    client.capture({ distinctId: 'user-123', event: 'Secret Event' });
    client.capture({ distinctId: 'user-123', event: 'Public Event' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['Public Event']);
    assert.equal(laterHookCalls, 1, 'null stops the chain: the later hook ran for the kept event only');
    await client.shutdown();
  });

  it('Before-send exceptions stop the chain and drop transformed events', async () => {
    const invocations: string[] = [];
    const { client, logger } = testClient(recorder.url, {
      flushAt: 1,
      beforeSend: [
        // Transforms first, so "the last changed version" exists and must not be sent either.
        (e) => {
          invocations.push('transform');
          return { ...e, properties: { ...e.properties, transformed: true } };
        },
        () => {
          invocations.push('throw');
          throw new Error('hook broke');
        },
        (e) => {
          invocations.push('record');
          return e;
        },
      ],
    });
    assert.doesNotThrow(() => client.capture({ distinctId: 'user-123', event: 'Safe Event' }));
    await client.flush();
    assert.equal(recorder.requests.length, 0, 'neither the original nor the transformed event went out');
    assert.deepEqual(invocations, ['transform', 'throw'], 'the final hook was not invoked');
    assert.equal(logger.matching(/beforeSend hook #2 threw; event "Safe Event" dropped/).length, 1);
    await client.shutdown();
  });
});

describe('before-send-hook', () => {
  it('a hook written for posthog-node (before_send, changing distinctId and event) works unchanged', async () => {
    const { client } = testClient(recorder.url, {
      before_send: (event) => (event.event === 'drop' ? null : { ...event, distinctId: `scrubbed-${event.distinctId}`, event: event.event.toUpperCase() }),
    });
    client.capture({ distinctId: 'u', event: 'drop' });
    client.capture({ distinctId: 'u', event: 'keep' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id]), [['KEEP', 'scrubbed-u']]);
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
