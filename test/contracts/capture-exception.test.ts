// Contract: capture-exception (PostHog/sdk-specs openspec/specs/capture-exception), server form
// captureException(error, distinctId?, properties?), plus opt-in autocapture of process failures.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RecordedEvent, Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { closedPort, startSpoolChild, tempSpoolDir } from '../helpers/spool-child.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

type Entry = { type: string; value: string; mechanism: Record<string, unknown>; stacktrace?: { type: string; frames: Array<{ function: string; in_app: boolean; lineno?: number }> } };
const list = (event: RecordedEvent) => event.properties.$exception_list as Entry[];

async function captured(run: (client: ReturnType<typeof testClient>['client']) => void): Promise<RecordedEvent[]> {
  const { client } = testClient(recorder.url);
  run(client);
  await client.flush();
  await client.shutdown();
  return recorder.events.filter((e) => e.event === '$exception');
}

function main(): never {
  return handler();
}
function handler(): never {
  return boom();
}
function boom(): never {
  throw new TypeError('boom');
}
/** The TypeError thrown through main → handler → boom, as caught. */
function thrownThroughChain(): unknown {
  try {
    return main();
  } catch (error) {
    return error;
  }
}

/** The TypeError thrown through main → handler → boom with the stack cut to those three frames. */
function thrownThroughChainOnly(): unknown {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 3;
  try {
    return thrownThroughChain();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const frameNames = (entry: Entry) => (entry.stacktrace?.frames ?? []).map((f) => f.function.replace(/^.*\./, ''));

describe('capture-exception: spec scenarios', () => {
  it('Capturing a handled exception emits an exception event', async () => {
    const events = await captured((client) => client.captureException(thrownThroughChain(), 'user-1'));
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.distinct_id, 'user-1');
    assert.equal(event.properties.$exception_type, 'TypeError');
    assert.equal(event.properties.$exception_message, 'boom');
    assert.deepEqual([list(event)[0].type, list(event)[0].value], ['TypeError', 'boom']);
    assert.ok((list(event)[0].stacktrace?.frames.length ?? 0) >= 3, 'stack information');
  });

  it('Exception capture includes caller properties', async () => {
    const events = await captured((client) => client.captureException(new Error('x'), 'u', { handled: true, area: 'checkout' }));
    assert.equal(events.length, 1);
    assert.deepEqual([events[0].properties.handled, events[0].properties.area], [true, 'checkout']);
  });

  it('Exception capture normalizes non-standard thrown values', async () => {
    const events = await captured((client) => {
      for (const thrown of ['a string', { message: 'an object' }, { code: 7 }, undefined, 42]) assert.doesNotThrow(() => client.captureException(thrown, 'u'));
    });
    assert.deepEqual(events.map((e) => e.properties.$exception_message), ['a string', 'an object', '{"code":7}', 'undefined', '42']);
    for (const e of events) {
      assert.equal(e.properties.$exception_type, 'Error');
      assert.equal(list(e).length, 1);
      assert.equal(list(e)[0].mechanism.synthetic, true, 'converted into an exception representation');
    }
    assert.ok((list(events[0])[0].stacktrace?.frames.length ?? 0) > 0, 'a non-error gets the stack of the capture call');
  });

  it('Frames are ordered entry point first, crash site last', async () => {
    const [event] = await captured((client) => client.captureException(thrownThroughChainOnly(), 'u'));
    assert.deepEqual(frameNames(list(event)[0]), ['main', 'handler', 'boom']);
  });

  it('Crash-first runtime stacks are reversed before sending', async () => {
    const error = thrownThroughChain() as Error;
    // V8 prints the crash site first: "at boom (…:line:column)", then its callers.
    const runtimeFrames = String(error.stack).split('\n').filter((line) => line.trim().startsWith('at '));
    assert.match(runtimeFrames[0], /at boom /);
    const runtimeLines = runtimeFrames.map((line) => Number(/:(\d+):\d+\)?$/.exec(line)?.[1]));
    const [event] = await captured((client) => client.captureException(error, 'u'));
    const frames = list(event)[0].stacktrace?.frames ?? [];
    assert.deepEqual(frames.map((f) => f.lineno), [...runtimeLines].reverse());
    assert.equal(frameNames(list(event)[0]).at(-1), 'boom', 'the crash site is the last frame');
  });

  it('Chained exceptions are listed caught-first, root cause last', async () => {
    class WrapperError extends Error {
      override name = 'WrapperError';
    }
    const root = new Error('root');
    root.name = 'RootError';
    const middle = new Error('middle', { cause: root });
    const [event] = await captured((client) => client.captureException(new WrapperError('wrapper', { cause: middle }), 'u'));
    assert.deepEqual(list(event).map((e) => e.type), ['WrapperError', 'Error', 'RootError']);
  });

  it('Platforms without exception chaining send a single-element list', async () => {
    // JavaScript has chaining; an error without a cause is the same case: exactly one exception.
    const [event] = await captured((client) => client.captureException(new RangeError('alone'), 'u'));
    assert.deepEqual(list(event).map((e) => [e.type, e.value]), [['RangeError', 'alone']]);
  });

  it('Frames without source context are valid', async () => {
    const [event] = await captured((client) => client.captureException(thrownThroughChain(), 'u'));
    const frames = list(event)[0].stacktrace?.frames ?? [];
    assert.ok(frames.length >= 3);
    for (const frame of frames) {
      assert.equal('context_line' in frame || 'pre_context' in frame || 'post_context' in frame, false);
      assert.ok(typeof frame.function === 'string' && frame.function !== '');
      assert.equal(typeof frame.in_app, 'boolean');
    }
  });

  it('An existing stack trace is preserved, not replaced by a synthesized one', async () => {
    const stack = 'Error: with a stack\n    at original (/srv/app/original.js:10:5)\n    at start (/srv/app/start.js:1:1)';
    const error = new Error('with a stack');
    error.stack = stack;
    const errorLike = { name: 'CustomError', message: 'error-like', stack };
    const events = await captured((client) => {
      client.captureException(error, 'u');
      client.captureException(errorLike, 'u');
    });
    for (const event of events) {
      assert.deepEqual(list(event)[0].stacktrace?.frames.map((f) => [f.function, f.lineno]), [['start', 1], ['original', 10]]);
    }
    assert.equal(list(events[0])[0].mechanism.synthetic, false);
  });
});

describe('capture-exception', () => {
  it('without a distinct id: the request context\'s, else a personless event', async () => {
    const events = await captured((client) => {
      client.withContext({ distinctId: 'from-context' }, () => client.captureException(new Error('in context')));
      client.captureException(new Error('nobody'));
    });
    assert.equal(events[0].distinct_id, 'from-context');
    assert.equal(events[0].properties.$process_person_profile, undefined);
    assert.equal(events[1].properties.$process_person_profile, false);
    assert.match(String(events[1].distinct_id), /^[0-9a-f-]{36}$/);
  });

  it('returns the uuid of the event; nothing after shutdown', async () => {
    const { client } = testClient(recorder.url);
    const id = client.captureException(new Error('x'), 'u');
    await client.flush();
    await client.shutdown();
    assert.equal(client.captureException(new Error('late'), 'u'), undefined);
    assert.deepEqual(recorder.events.map((e) => e.uuid), [id]);
  });
});

describe('capture-exception: autocapture (enableExceptionAutocapture)', () => {
  const run = async (mode: string) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'test', 'fixtures', 'uncaught.mjs'), recorder.url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((resolve) => child.on('close', resolve)); // 'close': all output read
    return { code, out, err, events: recorder.events.filter((e) => e.event === '$exception') };
  };

  it('reports an uncaught exception as fatal and unhandled, then the process still dies with code 1', async () => {
    const { code, err, events } = await run('throw');
    assert.equal(code, 1);
    assert.match(err, /thrown on purpose/);
    assert.equal(events.length, 1);
    const [entry] = list(events[0]);
    assert.deepEqual(entry.mechanism, { type: 'onuncaughtexception', handled: false, exception_id: 0, synthetic: false });
    assert.equal(events[0].properties.$exception_level, 'fatal');
    assert.equal(events[0].properties.$exception_source, 'node.process_uncaught_exception');
  });

  it('reports an unhandled rejection, and the process ends as Node would end it', async () => {
    const { code, events } = await run('reject');
    assert.equal(code, 1);
    assert.equal(events.length, 1);
    assert.equal(list(events[0])[0].mechanism.type, 'onunhandledrejection');
    assert.equal(events[0].properties.$exception_source, 'node.process_unhandled_rejection');
  });

  it('with the spool on, the fatal report is on disk before the process exits: the next process sends it though the network was down', { timeout: 60_000 }, async () => {
    const dir = tempSpoolDir();
    try {
      const fixture = join(process.cwd(), 'test', 'fixtures', 'uncaught.mjs');
      const child = spawn(process.execPath, [fixture, `http://127.0.0.1:${await closedPort()}`, 'throw', dir], { stdio: 'ignore' });
      assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 1);
      assert.equal(recorder.events.length, 0);
      const heir = await startSpoolChild({ url: recorder.url, dir, role: 'recover' }).ended;
      assert.ok(heir.done, heir.stderr);
      const events = recorder.events.filter((e) => e.event === '$exception');
      assert.equal(events.length, 1);
      assert.equal(events[0].properties.$exception_level, 'fatal');
      assert.equal(list(events[0])[0].mechanism.type, 'onuncaughtexception');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the app handles uncaught exceptions itself, reports at level error and does not end the process', async () => {
    const { code, out, events } = await run('handled');
    assert.equal(code, 0);
    assert.match(out, /still running/);
    assert.equal(events.length, 1);
    assert.equal(events[0].properties.$exception_level, 'error');
  });
});
