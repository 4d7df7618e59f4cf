// Contract: exception-event-metadata (PostHog/sdk-specs openspec/specs/exception-event-metadata).
// Both capture boundaries posthog-ts owns are exercised through the client: captureException (manual)
// and exception autocapture (uncaught exceptions, unhandled rejections), whose process hooks are
// injected through the platform seam so a test can raise one without ending the process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessErrorKind } from '../../src/platform/platform.js';
import type { RecordedEvent, Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

type Mechanism = { type?: unknown; handled?: unknown; source?: unknown; synthetic?: unknown; exception_id?: unknown; parent_id?: unknown };
type Entry = { type: unknown; value: unknown; mechanism: Mechanism; stacktrace?: { frames: Array<{ filename: string }> } };
const list = (event: RecordedEvent) => event.properties.$exception_list as Entry[];

/** Events of a client's manual captureException calls. */
async function manual(...calls: Array<[unknown, Record<string, unknown>?]>): Promise<RecordedEvent[]> {
  const { client } = testClient(recorder.url);
  for (const [thrown, properties] of calls) client.captureException(thrown, 'user-123', properties);
  await client.flush();
  await client.shutdown();
  return recorder.events.filter((e) => e.event === '$exception');
}

/** The event exception autocapture sends for one process failure, raised through an injected hook. */
async function autocaptured(error: unknown, kind: ProcessErrorKind, fatal: boolean): Promise<RecordedEvent> {
  let report: ((error: unknown, kind: ProcessErrorKind, fatal: boolean) => Promise<void>) | undefined;
  // Real timers: a fatal report drains with a real deadline (shutdown(2000)) before the process would end.
  const { client } = testClient(recorder.url, {
    enableExceptionAutocapture: true,
    platform: {
      processErrors: {
        watch: (r) => {
          report = r;
          return () => {};
        },
      },
    },
  }, null);
  assert.ok(report !== undefined, 'autocapture watches the process');
  await report(error, kind, fatal);
  await client.flush();
  await client.shutdown();
  const events = recorder.events.filter((e) => e.event === '$exception');
  assert.equal(events.length, 1);
  return events[0];
}

const isInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Every common mechanism field present has its JSON type; none is null. */
function assertCanonicalTypes(mechanism: Mechanism): void {
  for (const [key, value] of Object.entries(mechanism)) assert.notEqual(value, null, `${key} is null`);
  if ('type' in mechanism) assert.ok(typeof mechanism.type === 'string' && mechanism.type !== '', 'type');
  if ('handled' in mechanism) assert.equal(typeof mechanism.handled, 'boolean');
  if ('source' in mechanism) assert.ok(typeof mechanism.source === 'string' && mechanism.source !== '', 'source');
  if ('synthetic' in mechanism) assert.equal(typeof mechanism.synthetic, 'boolean');
  assert.ok(isInteger(mechanism.exception_id), 'exception_id');
  if ('parent_id' in mechanism) assert.ok(isInteger(mechanism.parent_id), 'parent_id');
}

describe('exception-event-metadata: spec scenarios', () => {
  it('Exception event has a non-empty canonical list', async () => {
    const events = await manual([new Error('x')], [new Error('')], ['text'], [null], [{ odd: true }]);
    assert.equal(events.length, 5);
    for (const event of events) {
      assert.equal(event.event, '$exception');
      assert.ok(list(event).length > 0);
      for (const entry of list(event)) {
        assert.ok(typeof entry.type === 'string' && entry.type !== '');
        assert.equal(typeof entry.value, 'string');
      }
    }
    assert.equal(list(events[1])[0].value, '', 'an empty message stays an empty string');
  });

  it('Known mechanism metadata uses canonical field types', async () => {
    const nested = new AggregateError([new Error('member', { cause: new Error('cause') })], 'many');
    const [manualEvent] = await manual([nested]);
    recorder.reset();
    const hooked = await autocaptured(new TypeError('escaped'), 'uncaught_exception', false);
    for (const event of [manualEvent, hooked]) for (const entry of list(event)) assertCanonicalTypes(entry.mechanism);
    assert.equal(list(manualEvent).length, 3);
  });

  it('Generic manual capture omits a concrete source', async () => {
    const [event] = await manual([new Error('caught')]);
    assert.equal(list(event)[0].mechanism.type, 'generic');
    assert.equal('$exception_source' in event.properties, false);
  });

  it('Manual capture marks the outermost exception handled', async () => {
    const [event] = await manual([new Error('caught')]);
    assert.equal(list(event)[0].mechanism.handled, true);
  });

  it('Exception escaping application code is unhandled', async () => {
    // The app keeps running (it has its own handler), yet the exception escaped application code.
    const event = await autocaptured(new TypeError('escaped'), 'uncaught_exception', false);
    assert.equal(list(event)[0].mechanism.handled, false);
    assert.equal(event.properties.$exception_level, 'error');
  });

  it('Unknown nested handled state remains absent', async () => {
    const [event] = await manual([new Error('outer', { cause: new Error('inner') })]);
    const [outer, inner] = list(event);
    assert.equal(outer.mechanism.handled, true);
    assert.equal('handled' in inner.mechanism, false, 'not copied from the outermost entry');
  });

  it('Synthesized current stack is marked synthetic', async () => {
    const [event] = await manual(['no stack here']);
    const [entry] = list(event);
    assert.ok((entry.stacktrace?.frames.length ?? 0) > 0, 'the SDK generated the stack of the capture call');
    assert.equal(entry.mechanism.synthetic, true);
  });

  it('Runtime exception without a replacement stack is not synthetic', async () => {
    const stackless = new Error('no stack');
    stackless.stack = undefined;
    const [event] = await manual([stackless]);
    const [entry] = list(event);
    assert.equal(entry.stacktrace, undefined, 'no stack was generated for it');
    assert.equal(entry.mechanism.synthetic, false);
  });

  it('Wrapped cause records its relationship', async () => {
    const [event] = await manual([new Error('outer', { cause: new Error('inner') })]);
    const [outer, inner] = list(event);
    assert.equal('source' in outer.mechanism, false);
    assert.deepEqual([inner.mechanism.type, inner.mechanism.source, inner.mechanism.parent_id], ['chained', 'cause', 0]);
  });

  it('Aggregate member is not mislabeled as a cause', async () => {
    const [event] = await manual([new AggregateError([new Error('first'), new Error('second')], 'many')]);
    const entries = list(event);
    assert.equal(entries[0].mechanism.exception_id, 0);
    assert.deepEqual(entries.slice(1).map((e) => [e.value, e.mechanism.parent_id, e.mechanism.type, e.mechanism.source]), [
      ['first', 0, 'chained', 'member'],
      ['second', 0, 'chained', 'member'],
    ]);
  });

  it('Nested cause beneath an aggregate member retains its parent', async () => {
    const second = new Error('second', { cause: new Error('second cause') });
    const [event] = await manual([new AggregateError([new Error('first'), second], 'many')]);
    const entries = list(event);
    const secondEntry = entries.find((e) => e.value === 'second');
    const cause = entries.find((e) => e.value === 'second cause');
    assert.ok(secondEntry !== undefined && cause !== undefined);
    assert.equal(cause.mechanism.parent_id, secondEntry.mechanism.exception_id);
    assert.deepEqual([cause.mechanism.type, cause.mechanism.source], ['chained', 'cause']);
  });

  it('Cycles and oversized trees are bounded deterministically', async () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    let chain: Error = new Error('e0');
    for (let i = 1; i < 80; i++) chain = new Error(`e${i}`, { cause: chain });
    const wide = new AggregateError(Array.from({ length: 60 }, (_, i) => new Error(`m${i}`)), 'wide');
    const [cycle, deep, broad] = await manual([a], [chain], [wide]);
    assert.deepEqual(list(cycle).map((e) => e.value), ['a', 'b'], 'no exception serialized twice');
    assert.equal(list(deep).length, 50);
    assert.deepEqual([list(deep)[0].value, list(deep)[49].value], ['e79', 'e30'], 'the earliest 50 in depth-first order');
    assert.equal(list(broad).length, 50);
    assert.deepEqual(list(broad).slice(1).map((e) => e.value), Array.from({ length: 49 }, (_, i) => `m${i}`));
    const ids = list(broad).map((e) => e.mechanism.exception_id);
    assert.equal(new Set(ids).size, 50);
  });

  it('Manual capture emits canonical defaults', async () => {
    const [event] = await manual([new Error('caught')]);
    assert.equal(event.properties.$exception_level, 'error');
    const { mechanism } = list(event)[0];
    assert.deepEqual([mechanism.type, mechanism.handled, mechanism.exception_id], ['generic', true, 0]);
    assert.equal('parent_id' in mechanism || 'source' in mechanism, false);
    assert.equal('$exception_source' in event.properties, false);
  });

  it('Internal integration metadata overrides its boundary default', async () => {
    const event = await autocaptured(new RangeError('rejected'), 'unhandled_rejection', false);
    assert.equal(list(event)[0].mechanism.type, 'onunhandledrejection', 'not the manual default "generic"');
    assert.equal(list(event)[0].mechanism.handled, false);
    assert.equal(event.properties.$exception_source, 'node.process_unhandled_rejection');
  });

  it('Application property bag cannot impersonate an integration', async () => {
    const [event] = await manual([new Error('x'), { $exception_source: 'django.middleware', $exception_level: 'fatal', $exception_list: [], $debug_images: [{}] }]);
    assert.equal('$exception_source' in event.properties, false);
    assert.equal(event.properties.$exception_level, 'error');
    assert.equal(list(event).length, 1);
    assert.equal('$debug_images' in event.properties, false);
  });

  it('Terminating failure is fatal and unhandled', async () => {
    const event = await autocaptured(new TypeError('crash'), 'uncaught_exception', true);
    assert.equal(event.properties.$exception_level, 'fatal');
    assert.equal(list(event)[0].mechanism.handled, false);
    assert.equal(list(event)[0].mechanism.type, 'onuncaughtexception');
  });

  it('Interpreted stack omits debug images', async () => {
    const [event] = await manual([new Error('js frames only')]);
    assert.ok((list(event)[0].stacktrace?.frames.length ?? 0) > 0);
    assert.equal('$debug_images' in event.properties, false);
  });

  it('Explicit custom fingerprint is preserved', async () => {
    const [event] = await manual([new Error('x'), { $exception_fingerprint: 'checkout-timeout' }]);
    assert.equal(event.properties.$exception_fingerprint, 'checkout-timeout');
  });

  it('Missing fingerprint remains absent at the producer', async () => {
    const [event] = await manual([new Error('x')]);
    assert.equal('$exception_fingerprint' in event.properties, false);
  });

  it('SDK does not confuse capture source with source files', async () => {
    const event = await autocaptured(new TypeError('escaped'), 'uncaught_exception', false);
    assert.ok(list(event)[0].stacktrace?.frames.some((f) => f.filename.includes('exception-event-metadata')), 'the stack names a source file');
    assert.equal(event.properties.$exception_source, 'node.process_uncaught_exception');
    for (const key of ['$exception_sources', '$exception_functions', '$exception_types', '$exception_values']) assert.equal(key in event.properties, false, key);
  });

  it('Nested handled state is authoritative producer metadata', async () => {
    const [event] = await manual([new Error('caught', { cause: new Error('inner') })]);
    assert.equal(list(event)[0].mechanism.handled, true);
    assert.equal('$exception_handled' in event.properties, false, 'no top-level stand-in');
  });
});
