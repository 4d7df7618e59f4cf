// The 2,000 expected results of ../shared/reference/consistency-vectors.json (posthog-python's
// consistency tests), evaluated locally.
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

function findVectors(): string {
  for (const dir of [process.cwd(), join(process.cwd(), '..')]) {
    const candidate = join(dir, '..', 'shared', 'reference', 'consistency-vectors.json');
    if (existsSync(candidate)) return candidate;
  }
  const fallback = process.env.POSTHOG_CONSISTENCY_VECTORS;
  if (fallback !== undefined && existsSync(fallback)) return fallback;
  throw new Error('consistency-vectors.json not found: expected ../shared/reference/ next to the repo (or set POSTHOG_CONSISTENCY_VECTORS)');
}

describe('consistency vectors', () => {
  const vectors = JSON.parse(readFileSync(findVectors(), 'utf8')) as Vectors;

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
      assert.equal(sha1Fraction(input), Number.parseInt(hex.slice(0, 15), 16) / Number.parseInt('fffffffffffffff', 16));
    }
  });

  it('worked example: distinct_id_0 is outside a 45% rollout, distinct_id_1 inside', () => {
    assert.ok(sha1Fraction('simple-flag.distinct_id_0') > 0.45);
    assert.ok(sha1Fraction('simple-flag.distinct_id_1') <= 0.45);
  });
});
