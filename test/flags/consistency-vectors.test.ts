// The 2,000 expected results of the reference consistency vectors (posthog-python's consistency
// tests), evaluated locally.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FlagDefinition } from '../../src/flags/definitions/payload.js';
import { compileFlagSet } from '../../src/flags/local/flag-set.js';
import { sha1Fraction, sha1Hex } from '../../src/flags/local/sha1.js';
import { subject } from './helpers.js';

interface Vectors {
  cases: Array<{ flag: FlagDefinition; distinct_id_pattern: string; expected: Array<boolean | string> }>;
}

/**
 * The vectors are kept in test/fixtures so the tests need nothing outside the repo; when the shared
 * reference copy is next to the repo, the two must be identical.
 */
function loadVectors(): string {
  const text = readFileSync(join(process.cwd(), 'test', 'fixtures', 'consistency-vectors.json'), 'utf8');
  const reference = join(process.cwd(), '..', 'shared', 'reference', 'consistency-vectors.json');
  if (existsSync(reference) && JSON.stringify(JSON.parse(readFileSync(reference, 'utf8'))) !== JSON.stringify(JSON.parse(text))) {
    throw new Error('test/fixtures/consistency-vectors.json differs from ../shared/reference/consistency-vectors.json');
  }
  return text;
}

describe('consistency vectors', () => {
  const vectors = JSON.parse(loadVectors()) as Vectors;

  it('holds 2,000 expected results', () => {
    assert.equal(vectors.cases.reduce((n, c) => n + c.expected.length, 0), 2000);
  });

  for (const testCase of vectors.cases) {
    it(`${testCase.flag.key}: every id gets the expected value`, () => {
      const set = compileFlagSet({ flags: [testCase.flag] }, { loadedAt: 0 });
      const wrong: string[] = [];
      testCase.expected.forEach((expected, i) => {
        const id = testCase.distinct_id_pattern.replace('{i}', String(i));
        const outcome = set.evaluate(testCase.flag.key, subject(id));
        const got = outcome.kind === 'decided' ? outcome.value : outcome.kind;
        if (got !== expected) wrong.push(`${id}: expected ${expected}, got ${got}`);
      });
      assert.deepEqual(wrong, []);
    });
  }
});

describe('sha1', () => {
  const inputs = ['', 'abc', 'simple-flag.distinct_id_0', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'long-'.repeat(100), 'ünïcødé.😀', 'holdout-user'];
  for (const input of inputs) {
    it(`matches node:crypto for ${JSON.stringify(input.slice(0, 20))} (${input.length} chars)`, () => {
      assert.equal(sha1Hex(input), createHash('sha1').update(input, 'utf8').digest('hex'));
    });
  }

  it('bucket fraction equals int(first 15 hex digits) / 0xFFFFFFFFFFFFFFF', () => {
    for (let i = 0; i < 200; i++) {
      const input = `flag.user-${i}`;
      const hex = createHash('sha1').update(input).digest('hex');
      // biome-ignore lint/complexity/useNumericLiterals: the literal 0xfffffffffffffff trips noPrecisionLoss; parsing the spec's hex gives the same double.
      assert.equal(sha1Fraction(input), Number.parseInt(hex.slice(0, 15), 16) / Number.parseInt('fffffffffffffff', 16));
    }
  });

  it('worked example: distinct_id_0 is outside a 45% rollout, distinct_id_1 inside', () => {
    assert.ok(sha1Fraction('simple-flag.distinct_id_0') > 0.45);
    assert.ok(sha1Fraction('simple-flag.distinct_id_1') <= 0.45);
  });
});
