// Contract: exception-event-metadata (PostHog/sdk-specs openspec/specs/exception-event-metadata).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MANUAL_CAPTURE, exceptionProperties } from '../../src/exceptions/exception-event.js';
import { MAX_EXCEPTIONS, type buildExceptionList } from '../../src/exceptions/exception-list.js';

const manual = (thrown: unknown, props?: Record<string, unknown>) => exceptionProperties(thrown, MANUAL_CAPTURE, props);
type Entry = ReturnType<typeof buildExceptionList>[number];
const listOf = (thrown: unknown) => manual(thrown).$exception_list as Entry[];

describe('exception-event-metadata', () => {
  it('the list is non-empty and every entry has a non-empty type and a string value', () => {
    for (const thrown of [new Error('x'), new Error(''), 'text', null, { odd: true }]) {
      const entries = listOf(thrown);
      assert.ok(entries.length > 0);
      for (const e of entries) {
        assert.ok(typeof e.type === 'string' && e.type !== '');
        assert.equal(typeof e.value, 'string');
      }
    }
  });

  it('manual capture: level error, type generic, handled, exception_id 0, no parent or source, no $exception_source', () => {
    const properties = manual(new Error('caught'));
    const [outer] = properties.$exception_list as Entry[];
    assert.equal(properties.$exception_level, 'error');
    assert.deepEqual(outer.mechanism, { type: 'generic', handled: true, exception_id: 0, synthetic: false });
    assert.equal('$exception_source' in properties, false);
  });

  it('a wrapped cause is chained with source "cause", its handled state unknown (omitted)', () => {
    const [outer, cause] = listOf(new Error('outer', { cause: new Error('inner') }));
    assert.equal(outer.mechanism.source, undefined);
    assert.deepEqual(cause.mechanism, { type: 'chained', exception_id: 1, parent_id: 0, source: 'cause', synthetic: false });
    assert.equal('handled' in cause.mechanism, false);
  });

  it('aggregate members keep runtime order as "member"; a member\'s cause points at that member', () => {
    const second = new Error('second', { cause: new Error('second cause') });
    const entries = listOf(new AggregateError([new Error('first'), second], 'many'));
    assert.deepEqual(entries.map((e) => [e.value, e.mechanism.exception_id, e.mechanism.parent_id, e.mechanism.source]), [
      ['many', 0, undefined, undefined],
      ['first', 1, 0, 'member'],
      ['second', 2, 0, 'member'],
      ['second cause', 3, 2, 'cause'],
    ]);
    for (const e of entries.slice(1)) assert.equal(e.mechanism.type, 'chained');
  });

  it('cycles end where an exception repeats, and at most 50 entries are kept, earliest first', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    assert.deepEqual(listOf(a).map((e) => e.value), ['a', 'b']);
    let chain: Error = new Error('e0');
    for (let i = 1; i < 80; i++) chain = new Error(`e${i}`, { cause: chain });
    const entries = listOf(chain);
    assert.equal(entries.length, MAX_EXCEPTIONS);
    assert.equal(entries[0].value, 'e79');
    assert.equal(entries[49].value, 'e30');
  });

  it('synthetic: false for a runtime error (with or without a stack), true for a converted value', () => {
    const stackless = new Error('no stack');
    stackless.stack = undefined;
    assert.equal(listOf(stackless)[0].mechanism.synthetic, false);
    assert.equal(listOf(stackless)[0].stacktrace, undefined);
    assert.equal(listOf('converted')[0].mechanism.synthetic, true);
  });

  it('the application property bag cannot impersonate an integration or change the level', () => {
    const properties = manual(new Error('x'), { $exception_source: 'django.middleware', $exception_level: 'fatal', $exception_list: [], $debug_images: [], $exception_fingerprint: 'custom' });
    assert.equal('$exception_source' in properties, false);
    assert.equal(properties.$exception_level, 'error');
    assert.equal((properties.$exception_list as Entry[]).length, 1);
    assert.equal('$debug_images' in properties, false);
    assert.equal(properties.$exception_fingerprint, 'custom', 'the documented fingerprint key is kept');
  });

  it('a boundary that knows more says so: terminating uncaught failures are fatal and unhandled', () => {
    const properties = exceptionProperties(new Error('crash'), { type: 'onuncaughtexception', handled: false, level: 'fatal', source: 'node.process_uncaught_exception' }, undefined);
    assert.equal(properties.$exception_level, 'fatal');
    assert.equal(properties.$exception_source, 'node.process_uncaught_exception');
    assert.equal((properties.$exception_list as Entry[])[0].mechanism.handled, false);
  });

  it('never invents a fingerprint, debug images or processor-owned properties', () => {
    const properties = manual(new Error('x'));
    for (const key of ['$exception_fingerprint', '$debug_images', '$exception_types', '$exception_values', '$exception_sources', '$exception_handled']) {
      assert.equal(key in properties, false, key);
    }
  });
});
