import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('waitUntil (serverless)', () => {
  it('hands one promise per burst to waitUntil and settles it after the debounced flush', async () => {
    const scheduler = new VirtualScheduler('manual');
    const registered: Array<Promise<unknown>> = [];
    const { client } = testClient(recorder.url, { flushAt: 100, flushInterval: 60_000, waitUntil: (p) => registered.push(p) }, scheduler);
    client.capture({ distinctId: 'u', event: 'a' });
    scheduler.advance(30);
    client.capture({ distinctId: 'u', event: 'b' });
    assert.equal(registered.length, 1);
    assert.equal(recorder.requests.length, 0);
    scheduler.advance(50);
    await registered[0];
    assert.deepEqual(recorder.events.map((e) => e.event), ['a', 'b']);
    await client.shutdown();
  });

  it('flushes at most 500 ms after the first capture even when captures keep coming', async () => {
    const scheduler = new VirtualScheduler('manual');
    const registered: Array<Promise<unknown>> = [];
    const { client } = testClient(recorder.url, { flushAt: 100, flushInterval: 60_000, waitUntil: (p) => registered.push(p) }, scheduler);
    for (let t = 0; t < 500; t += 40) {
      client.capture({ distinctId: 'u', event: `t${t}` });
      scheduler.advance(40);
    }
    await registered[0];
    assert.ok(recorder.events.length >= 12, `flushed ${recorder.events.length} events by the cap`);
    await client.shutdown();
  });
});
