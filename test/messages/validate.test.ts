import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPostHogValidationError } from '../../src/base/errors.js';
import { assertSerializable, replaceCycles, requireText, utf8Length } from '../../src/messages/validate.js';

const failsOn = (field: string, problem: RegExp) => (e: unknown) =>
  isPostHogValidationError(e) && e.field === field && problem.test(e.message);

describe('assertSerializable', () => {
  it('accepts plain JSON values, Dates and objects with toJSON', () => {
    assertSerializable({ a: 1, b: 'x', c: [true, null, { d: new Date(0) }], e: { toJSON: () => 'ok' } }, 'properties');
  });
  it('returns the path of the first cycle instead of throwing; replaceCycles puts "[Circular]" there', () => {
    const user: Record<string, unknown> = { name: 'a' };
    user.self = user;
    assert.equal(assertSerializable({ user }, 'properties'), 'properties.user.self');
    assert.deepEqual(replaceCycles({ user }), { user: { name: 'a', self: '[Circular]' } });
    assert.equal(assertSerializable({ user: { name: 'a' } }, 'properties'), undefined);
  });
  it('names a BigInt inside an array', () => {
    assert.throws(() => assertSerializable({ list: [1, 2n] }, 'properties'), failsOn('properties.list[1]', /BigInt/));
  });
  it('names a function', () => {
    assert.throws(() => assertSerializable({ cb: () => 1 }, 'properties'), failsOn('properties.cb', /function/));
  });
  it('names a symbol', () => {
    assert.throws(() => assertSerializable({ s: Symbol('x') }, 'properties'), failsOn('properties.s', /symbol/));
  });
  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    assertSerializable({ x: shared, y: shared }, 'properties');
  });
});

describe('requireText', () => {
  it('rejects missing, empty and whitespace-only values', () => {
    assert.throws(() => requireText(undefined, 'distinctId'), failsOn('distinctId', /required/));
    assert.throws(() => requireText('', 'distinctId'), failsOn('distinctId', /empty/));
    assert.throws(() => requireText('   ', 'distinctId'), failsOn('distinctId', /empty/));
    assert.throws(() => requireText({}, 'event'), failsOn('event', /string/));
  });
  it('stringifies finite numbers', () => assert.equal(requireText(42, 'distinctId'), '42'));
});

describe('utf8Length', () => {
  for (const text of ['', 'ascii', 'é', '€', '😀', 'a😀b€é', '\ud800x']) {
    it(JSON.stringify(text), () => assert.equal(utf8Length(text), new TextEncoder().encode(text).length));
  }
});
