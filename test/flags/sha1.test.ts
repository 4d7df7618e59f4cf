// The evaluator's SHA-1 against node:crypto across block boundaries and non-ASCII text, and its
// generated rounds (src/flags/local/sha1-rounds.ts) against the script that writes them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sha1Fraction, sha1FractionOf, sha1Hex } from '../../src/flags/local/sha1.js';

const repo = process.cwd();

describe('SHA-1 of the flag evaluator', () => {
  it('is node:crypto\'s digest for every length from 0 to 200 bytes (one to four blocks)', () => {
    for (let length = 0; length <= 200; length++) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(33 + ((i * 7 + length) % 90))).join('');
      assert.equal(sha1Hex(text), createHash('sha1').update(text, 'utf8').digest('hex'), `length ${length}`);
    }
  });

  it('hashes the UTF-8 bytes of text outside ASCII, lone surrogates as U+FFFD', () => {
    for (const text of ['é', 'flag.用户-1', '😀'.repeat(30), 'a\ud800b', `${'x'.repeat(54)}é`]) {
      assert.equal(sha1Hex(text), createHash('sha1').update(text, 'utf8').digest('hex'), JSON.stringify(text));
    }
  });

  it('gives the fraction of the first 60 bits, and the same for a text given in parts', () => {
    const hex = createHash('sha1').update('flag-1.user-1', 'utf8').digest('hex');
    assert.equal(sha1Fraction('flag-1.user-1'), Number.parseInt(hex.slice(0, 15), 16) / (2 ** 60 - 1));
    assert.equal(sha1FractionOf('flag-1', '.', 'user-1'), sha1Fraction('flag-1.user-1'));
  });

  it('runs the rounds scripts/sha1-rounds.mjs writes (run it after changing the script)', async () => {
    const { sha1RoundsSource } = (await import(pathToFileURL(join(repo, 'scripts', 'sha1-rounds.mjs')).href)) as { sha1RoundsSource: () => string };
    assert.equal(readFileSync(join(repo, 'src', 'flags', 'local', 'sha1-rounds.ts'), 'utf8'), sha1RoundsSource());
  });
});
