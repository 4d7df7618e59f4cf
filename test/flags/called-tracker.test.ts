// The `$feature_flag_called` de-duplication table on its own: what counts as the same read, the
// oldest-first eviction, and that growing and removing entries never loses or invents one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlagCalledTracker } from '../../src/flags/called-tracker.js';

describe('FlagCalledTracker', () => {
  it('a read is new once per distinct id, flag, value and groups', () => {
    const tracker = new FlagCalledTracker(100);
    assert.equal(tracker.firstTime('u', 'flag', 'a', undefined), true);
    assert.equal(tracker.firstTime('u', 'flag', 'a', undefined), false);
    assert.equal(tracker.firstTime('v', 'flag', 'a', undefined), true, 'another distinct id');
    assert.equal(tracker.firstTime('u', 'other', 'a', undefined), true, 'another flag');
    assert.equal(tracker.firstTime('u', 'flag', 'b', undefined), true, 'another variant');
    assert.equal(tracker.firstTime('u', 'flag', 'a', { company: 'c1' }), true, 'with a group');
    assert.equal(tracker.firstTime('u', 'flag', 'a', { company: 'c1' }), false);
    assert.equal(tracker.firstTime('u', 'flag', 'a', { company: 'c2' }), true, 'another group key');
    assert.equal(tracker.size, 6);
  });

  it('values of different kinds never count as the same read', () => {
    const tracker = new FlagCalledTracker(100);
    const values = [true, false, 'true', 'false', undefined, 'u', '', 't', 'f'] as const;
    for (const value of values) assert.equal(tracker.firstTime('u', 'flag', value, undefined), true, `first read of ${String(value)}`);
    for (const value of values) assert.equal(tracker.firstTime('u', 'flag', value, undefined), false, `second read of ${String(value)}`);
  });

  it('where one part ends and the next begins is part of the key', () => {
    const tracker = new FlagCalledTracker(100);
    assert.equal(tracker.firstTime('ab', 'c', 'x', undefined), true);
    assert.equal(tracker.firstTime('a', 'bc', 'x', undefined), true);
    assert.equal(tracker.firstTime('a', 'b', 'cx', undefined), true);
    assert.equal(tracker.firstTime('u', 'f', 'x', { ab: 'c' }), true);
    assert.equal(tracker.firstTime('u', 'f', 'x', { a: 'bc' }), true);
    assert.equal(tracker.firstTime('u', 'f', 'x', { a: 'b', c: 'd' }), true);
    assert.equal(tracker.firstTime('u', 'f', 'x', { a: 'd', c: 'b' }), true, 'the same keys and values, paired differently');
  });

  it('groups in any order are the same context, and an empty map is no groups', () => {
    const tracker = new FlagCalledTracker(100);
    assert.equal(tracker.firstTime('u', 'flag', true, { company: 'c', team: 't' }), true);
    assert.equal(tracker.firstTime('u', 'flag', true, { team: 't', company: 'c' }), false);
    assert.equal(tracker.firstTime('u', 'flag', true, {}), true);
    assert.equal(tracker.firstTime('u', 'flag', true, undefined), false);
  });

  it('when full, the oldest tenth goes and the rest is still known', () => {
    const tracker = new FlagCalledTracker(100);
    for (let i = 0; i < 100; i++) tracker.firstTime(`user-${i}`, 'flag', true, undefined);
    assert.equal(tracker.size, 100);
    assert.equal(tracker.firstTime('user-100', 'flag', true, undefined), true);
    assert.equal(tracker.size, 91, 'ten evicted, one added');
    for (let i = 10; i <= 100; i++) assert.equal(tracker.firstTime(`user-${i}`, 'flag', true, undefined), false, `user-${i} is still known`);
    for (let i = 0; i < 10; i++) assert.equal(tracker.firstTime(`user-${i}`, 'flag', true, undefined), true, `user-${i} was evicted`);
  });

  it('a long stream keeps exactly the newest entries, through growth, wrap-around and removal', () => {
    const capacity = 1000;
    const tracker = new FlagCalledTracker(capacity);
    // A plain model of the same policy: insertion order, the oldest tenth dropped when full.
    const model: string[] = [];
    for (let i = 0; i < 25_000; i++) {
      const id = `user-${i % 3 === 0 ? i : i % 1500}`;
      const known = model.includes(id);
      assert.equal(tracker.firstTime(id, 'flag', 'v', { company: 'x' }), !known, `read ${i} (${id})`);
      if (!known) {
        if (model.length >= capacity) model.splice(0, capacity / 10);
        model.push(id);
      }
      assert.equal(tracker.size, model.length);
    }
    for (const id of model) assert.equal(tracker.firstTime(id, 'flag', 'v', { company: 'x' }), false, `${id} is known at the end`);
  });

  it('a capacity of one keeps only the last read', () => {
    const tracker = new FlagCalledTracker(1);
    assert.equal(tracker.firstTime('a', 'flag', true, undefined), true);
    assert.equal(tracker.firstTime('b', 'flag', true, undefined), true);
    assert.equal(tracker.firstTime('b', 'flag', true, undefined), false);
    assert.equal(tracker.firstTime('a', 'flag', true, undefined), true);
    assert.equal(tracker.size, 1);
  });

  it('100,000 different reads are all new (no two share a fingerprint)', () => {
    const tracker = new FlagCalledTracker(200_000);
    let fresh = 0;
    for (let i = 0; i < 100_000; i++) if (tracker.firstTime(`reader-${i}`, `flag-${i % 50}`, i % 2 === 0, { company: `company-${i % 37}` })) fresh++;
    assert.equal(fresh, 100_000);
  });

  it('clear forgets everything', () => {
    const tracker = new FlagCalledTracker(10);
    tracker.firstTime('u', 'flag', true, undefined);
    tracker.clear();
    assert.equal(tracker.size, 0);
    assert.equal(tracker.firstTime('u', 'flag', true, undefined), true);
  });
});
