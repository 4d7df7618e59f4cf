// Contract: shutdown (PostHog/sdk-specs openspec/specs/shutdown).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('shutdown', () => {
  it('drains the queue, stops timers, and later calls share the same promise', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { flushAt: 100, flushInterval: 60_000 }, scheduler);
    client.capture({ distinctId: 'u', event: 'queued' });
    const first = client.shutdown();
    assert.equal(client.shutdown(), first);
    await first;
    assert.equal(recorder.events.length, 1);
    assert.deepEqual(scheduler.pendingDelays(), []);
  });

  it('keeps retrying past maxRetries until the deadline', async () => {
    recorder.inject('batch', ...Array.from({ length: 6 }, () => ({ status: 503 })));
    // Real timers with a tiny backoff: the drain deadline is compared with the real clock here.
    const { client } = testClient(recorder.url, { maxRetries: 1, retryDelay: 2 }, null);
    client.capture({ distinctId: 'u', event: 'stubborn' });
    await client.shutdown(60_000);
    assert.equal(recorder.requestsTo('batch').length, 7);
    assert.equal(recorder.events.length, 1);
  });

  it('resolves by the deadline when the server never answers, reporting the events lost', async () => {
    recorder.setFaultPolicy('batch', () => ({ kind: 'hang' }));
    const lost: string[] = [];
    const { client } = testClient(recorder.url, { requestTimeout: 60_000, onFailure: (e, error) => lost.push(`${e.event}:${error.reason}`) },
      // Real time here: the deadline has to cut a real hanging request.
      null);
    client.capture({ distinctId: 'u', event: 'doomed' });
    await client.shutdown(300);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(lost, ['doomed:shutdown_deadline']);
  });

  it('sends nothing captured after shutdown and says so once', async () => {
    const { client, logger } = testClient(recorder.url);
    await client.shutdown();
    client.capture({ distinctId: 'u', event: 'late-1' });
    client.capture({ distinctId: 'u', event: 'late-2' });
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.matching(/after shutdown/).length, 1);
  });

  it('leaves no timer or socket holding the process open', { timeout: 30_000 }, async () => {
    recorder.inject('batch', { status: 503 });
    const script = join(process.cwd(), 'test', 'fixtures', 'open-handles.mjs');
    const child = spawn(process.execPath, [script, recorder.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    const report = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    assert.deepEqual([...report.delivered].sort(), ['$feature_flag_called', 'one', 'two']);
    assert.deepEqual(report.activeAfterShutdown.filter((r: string) => r !== 'TTYWrap' && r !== 'PipeWrap'), []);
  });

  for (const [label, timeoutMs] of [['Infinity', Number.POSITIVE_INFINITY], ['2 ** 31', 2 ** 31], ['NaN', Number.NaN], ['-1', -1]] as const) {
    it(`shutdown(${label}) drains every event to a healthy server (Infinity: until drained; beyond a timer's range: clamped; NaN and negatives: the default)`, async () => {
      const failures: string[] = [];
      // Real timers: the bug was Node firing an out-of-range timer after 1 ms.
      const { client } = testClient(recorder.url, { flushAt: 1_000, onFailure: (_e, error) => failures.push(error.reason) }, null);
      for (let i = 0; i < 250; i++) client.capture({ distinctId: 'u', event: `e${i}` });
      await client.shutdown(timeoutMs);
      assert.deepEqual(failures, []);
      assert.equal(recorder.uniqueEventCount(), 250);
    });
  }
});
