import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUuid, uuidv7 } from '../../src/messages/uuid.js';

describe('uuidv7', () => {
  it('encodes the millisecond time in the first 48 bits, with version 7 and the RFC variant', () => {
    const ms = Date.UTC(2026, 0, 1);
    const id = uuidv7(ms);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), ms);
  });

  it('is unique across many calls in the same millisecond', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(uuidv7(1_000));
    assert.equal(seen.size, 20_000);
  });

  it('ids made in the same millisecond sort in the order they were made and mostly differ only after the version digits', () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7(5_000));
    let samePrefix = 0;
    for (let i = 1; i < ids.length; i++) {
      assert.ok(ids[i] > ids[i - 1], `${ids[i]} after ${ids[i - 1]}`);
      // The counter's top 12 bits (after "-7") change once per 16,384 ids at most.
      if (ids[i].slice(0, 19) === ids[i - 1].slice(0, 19)) samePrefix++;
    }
    assert.ok(samePrefix >= ids.length - 2, `${samePrefix} of ${ids.length - 1} consecutive pairs share the first 19 characters`);
    // Another millisecond starts from a fresh random point (not one more than the last).
    const other = uuidv7(5_001);
    assert.ok(other > ids[ids.length - 1]);
    assert.equal(Number.parseInt(other.slice(0, 8) + other.slice(9, 13), 16), 5_001);
  });

  it('ids of one millisecond share their 48 random bits; the next millisecond draws new ones', () => {
    const first = Array.from({ length: 50 }, () => uuidv7(7_000));
    const tails = new Set(first.map((id) => id.slice(24)));
    assert.equal(tails.size, 1, 'one random tail per millisecond');
    const next = Array.from({ length: 50 }, () => uuidv7(7_001));
    assert.equal(new Set(next.map((id) => id.slice(24))).size, 1);
    assert.notEqual(next[0].slice(24), first[0].slice(24), 'a fresh draw for the next millisecond');
    // The counter's start is random too: the next millisecond does not go on from the last count.
    assert.notEqual(next[0].slice(14, 23), first[0].slice(14, 23));
  });

  it('sorts by time', () => {
    assert.ok(uuidv7(1_000) < uuidv7(2_000));
  });

  it('isUuid accepts any version and rejects near misses', () => {
    assert.equal(isUuid('0198a3c2-1f2e-4b7a-9c1d-2e3f4a5b6c7d'), true);
    assert.equal(isUuid('0198a3c2-1f2e-4b7a-9c1d-2e3f4a5b6c7'), false);
    assert.equal(isUuid('not-a-uuid'), false);
    assert.equal(isUuid(42), false);
  });
});
