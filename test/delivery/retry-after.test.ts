import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/delivery/retry-after.js';

const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('parseRetryAfter', () => {
  const cases: Array<[string | null | undefined, number | undefined]> = [
    ['3', 3000],
    [' 1 ', 1000],
    ['0.5', 500],
    ['0', undefined],
    ['-1', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
    ['soon', undefined],
    ['3600', MAX_RETRY_AFTER_MS],
    [new Date(NOW + 5000).toUTCString(), 5000],
    [new Date(NOW - 5000).toUTCString(), undefined],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => assert.equal(parseRetryAfter(header, NOW), expected));
  }
});
