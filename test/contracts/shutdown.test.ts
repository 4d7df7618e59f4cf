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

describe('shutdown: spec scenarios', () => {
  it('Shutdown flushes queued events and disables future work', async () => {
    const scheduler = new VirtualScheduler('manual');
    const outcomes: string[] = [];
    const { client, logger } = testClient(recorder.url, {
      flushAt: 100,
      personalApiKey: 'phx_secret',
      featureFlagsPollingInterval: 30_000,
      onSuccess: (e) => outcomes.push(`sent:${e.event}`),
      onFailure: (e, error) => outcomes.push(`${error.reason}:${e.event}`),
    }, scheduler);
    // The background workers run: the definitions poller has loaded once and armed its timer.
    await recorder.waitFor(() => scheduler.pendingDelays().includes(30_000));
    client.capture({ distinctId: 'user-123', event: 'Save' });
    await client.shutdown();
    assert.deepEqual(recorder.events.map((e) => e.event), ['Save']);
    assert.deepEqual(outcomes, ['sent:Save'], 'delivered: nothing is left in the queue');
    assert.deepEqual(scheduler.pendingDelays(), [], 'no flush or poll timer is left');
    const requestsAtShutdown = recorder.requests.length;
    scheduler.advance(10 * 60_000);
    assert.equal(client.capture({ distinctId: 'user-123', event: 'After Shutdown' }), undefined);
    await client.flush();
    assert.equal(recorder.requests.length, requestsAtShutdown, 'no poll and no capture after shutdown');
    assert.deepEqual(outcomes, ['sent:Save', 'after_shutdown:After Shutdown']);
    assert.equal(logger.matching(/after shutdown/).length, 1);
  });

  it('Shutdown is idempotent', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_secret' }, scheduler);
    await recorder.waitFor(() => scheduler.pendingDelays().length > 0);
    const first = client.shutdown();
    const second = client.shutdown();
    assert.equal(second, first, 'the later call gets the same promise');
    await assert.doesNotReject(first);
    await assert.doesNotReject(client.shutdown(0));
    assert.deepEqual(scheduler.pendingDelays(), []);
    const requests = recorder.requests.length;
    scheduler.advance(10 * 60_000);
    await client.flush();
    assert.equal(recorder.requests.length, requests, 'background workers stay stopped');
  });

  it('Shutdown honors delivery failures without crashing', async () => {
    recorder.inject('batch', { status: 503 });
    // Real timers with a tiny backoff: the drain deadline is compared with the real clock here.
    const { client, logger } = testClient(recorder.url, { retryDelay: 1 }, null);
    client.capture({ distinctId: 'user-123', event: 'Save' });
    await assert.doesNotReject(client.shutdown());
    assert.equal(recorder.requestsTo('batch')[0].outcome, 503);
    assert.deepEqual(recorder.events.map((e) => e.event), ['Save'], 'the drain retried it');
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /capture: delivery failed \(.*503.*\); retrying/);
  });
});

describe('shutdown', () => {
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

  it('leaves no timer or socket holding the process open', { timeout: 30_000 }, async () => {
    recorder.inject('batch', { status: 503 });
    const script = join(process.cwd(), 'test', 'fixtures', 'open-handles.mjs');
    const child = spawn(process.execPath, [script, recorder.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve)); // 'close': all output read
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
