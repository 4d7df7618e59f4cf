// The `regex` / `not_regex` dialect, construct by construct: what the Rust `regex` crate (the flags
// service's engine) answers, checked on both of posthog-ts's engines — the V8 path, taken when
// backtracking is proven linear, and the lazy DFA, which runs everything else (issue 8, item 1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRegex } from '../../src/flags/local/regex/rust-regex.js';
import { matches } from './helpers.js';

type Row = [pattern: string, input: string, expected: boolean | 'server' | 'invalid'];

const ENGINES = [
  { name: 'chosen engine', dfaOnly: false },
  { name: 'lazy DFA', dfaOnly: true },
];

function table(rows: Row[]): void {
  for (const [pattern, input, expected] of rows) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(input)} → ${expected}`, () => {
      for (const { name, dfaOnly } of ENGINES) {
        const compiled = compileRegex(pattern, dfaOnly);
        if (typeof expected === 'boolean') {
          assert.equal(compiled.kind === 'ok' && compiled.matches(input), expected, name);
        } else assert.equal(compiled.kind, expected, name);
      }
    });
  }
}

describe('regex: anchors', () => {
  table([
    ['^abc', 'abcd', true],
    ['^abc', 'xabc', false],
    ['abc$', 'xabc', true],
    ['abc$', 'abc\n', false],
    ['(?m)abc$', 'abc\nx', true],
    ['(?m)a$', 'a\r\nb', false],
    ['(?m)^x', 'abc\nx', true],
    ['^x', 'abc\nx', false],
    ['(?m)^$', 'a\n\nb', true],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'abc', false],
    ['^$', '', true],
    ['\\bcat\\b', 'a cat!', true],
    ['\\bcat\\b', 'concat', false],
    ['\\Bcat', 'concat', true],
    ['\\bé', ' é', true],
    ['\\b', '', false],
    ['\\B', '', true],
  ]);
});

describe('regex: classes', () => {
  table([
    ['[abc]', 'xbz', true],
    ['[^abc]', 'abc', false],
    ['[a-c]+$', 'zzb', true],
    ['[]a]', ']', true],
    ['[^]a]', ']', false],
    ['[a-]', '-', true],
    ['[[:digit:]]', '7', true],
    ['[[:^alpha:]]', 'abc', false],
    ['\\d', '٣', true],
    ['\\w', 'é', true],
    ['\\W', '_', false],
    ['\\s', '\u00a0', true],
    ['\\pL', 'ж', true],
    ['\\p{Lu}', 'abc', false],
    ['\\p{ lowercase letter }', 'x', true],
    ['\\P{L}', '1', true],
    ['[\\p{Nd}a]', '٣', true],
    ['[\\W\\d]', 'a', false],
  ]);
});

describe('regex: alternation and groups', () => {
  table([
    ['cat|dog', 'hotdog', true],
    ['cat|dog', 'bird', false],
    ['(a|)b', 'b', true],
    ['x(?:a|b)+y', 'xababy', true],
    ['(?P<name>ab)c', 'abc', true],
    ['(?<name>ab)c', 'abd', false],
  ]);
});

describe('regex: repetition bounds', () => {
  table([
    ['^a{2}$', 'aa', true],
    ['^a{2}$', 'aaa', false],
    ['^a{2,}$', 'aaaa', true],
    ['^a{2,3}$', 'aaaa', false],
    ['^a{0,1}b', 'b', true],
    ['^(ab){2}$', 'abab', true],
    ['^a*?$', 'aaa', true],
    ['^a+?b??$', 'aab', true],
    ['a{1001}', 'a', 'server'],
    ['a**', 'a', 'server'],
    ['a{,3}', 'a', 'server'],
  ]);
});

describe('regex: case-insensitive flag', () => {
  table([
    ['(?i)hello', 'HeLLo', true],
    ['hello', 'HELLO', false],
    ['(?i)straße', 'STRASSE', false],
    ['(?i)k', '\u212a', true],
    ['(?i)s', 'ſ', true],
    ['(?i)é', 'É', true],
    ['(?i)ǅ', 'ǆ', true],
    ['(?i:a)b', 'AB', false],
    ['(?i:a)b', 'Ab', true],
    ['a(?i)b', 'aB', true],
    ['(?i)[a-z]+$', 'xÀ', false],
    ['(?i)[^a]', 'A', false],
    ['(?i)\\p{Lu}', 'abc', true],
    ['(?i)\\P{Lu}', 'ABC', false],
  ]);
});

describe('regex: Unicode and dots', () => {
  table([
    ['a.c', 'abc', true],
    ['a.c', 'a\nc', false],
    ['(?s)a.c', 'a\nc', true],
    ['a.c', 'a\rc', true],
    ['^.$', '😀', true],
    ['😀+', 'a😀😀', true],
    ['ü', 'Müller', true],
    ['a', 'ä', false],
  ]);
});

describe('regex: escapes', () => {
  table([
    ['\\.', 'a.b', true],
    ['\\.', 'ab', false],
    ['\\x41', 'A', true],
    ['\\t', '\t', true],
    ['\\$', '$', true],
    ['\\@', '@', true],
  ]);
});

describe('regex: outside the dialect (the server decides) and invalid patterns', () => {
  table([
    ['(?=a)', 'a', 'server'],
    ['(?<=a)b', 'ab', 'server'],
    ['(a)\\1', 'aa', 'server'],
    ['(?>a)', 'a', 'server'],
    ['a++', 'a', 'server'],
    ['[a&&b]', 'a', 'server'],
    ['[a[b]]', 'a', 'server'],
    ['(?x) a', 'a', 'server'],
    ['\\p{Greek}', 'α', 'server'],
    ['\\b{start}', 'a', 'server'],
    ['\\x{41}', 'A', 'server'],
    ['\\<', '<', 'server'],
    ['(', 'x', 'invalid'],
    [')', 'x', 'invalid'],
    ['[a', 'x', 'invalid'],
    ['*a', 'x', 'invalid'],
    ['a|*', 'x', 'invalid'],
  ]);
});

describe('regex through a flag filter', () => {
  const filter = (operator: string, value: string) => ({ key: 'p', operator, value, type: 'person' });

  it('an invalid pattern matches neither regex nor not_regex; one outside the dialect is inconclusive', () => {
    assert.equal(matches(filter('regex', '('), { p: 'x' }), false);
    assert.equal(matches(filter('not_regex', '('), { p: 'x' }), false);
    assert.equal(matches(filter('regex', '(?=x)'), { p: 'x' }), 'inconclusive');
  });

  it('non-string values are matched as the server writes them, or left to it', () => {
    assert.equal(matches(filter('regex', '^4\\d$'), { p: 42 }), true);
    assert.equal(matches(filter('regex', '\\.5$'), { p: 1.5 }), true);
    assert.equal(matches(filter('regex', '^true$'), { p: true }), true);
    assert.equal(matches(filter('regex', '^1'), { p: 1e21 }), 'inconclusive');
    assert.equal(matches(filter('regex', '1'), { p: [1, 2] }), 'inconclusive');
    assert.equal(matches(filter('regex', 'a'), { p: 'a\ud800' }), 'inconclusive');
  });
});

describe('regex: both engines agree', () => {
  it('on random inputs over a mixed alphabet, for every pattern the V8 engine takes', () => {
    const patterns = ['^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$', '@(ph|ex)\\.com$', '^user-\\d+$', '(?i)^admin', '(?m)^b$', '^[^@]+@[^@]+$', '\\D\\S\\W', '(?i)[k-s]x', 'a.b', '[\\p{N}x]$'];
    const alphabet = ['a', 'b', 'k', 's', 'x', '@', '.', '-', '1', ' ', '\n', '\r', 'K', '\u212a', 'ſ', 'é', '٣', 'ph', 'com', 'user-', 'admin'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (const pattern of patterns) {
      const v8 = compileRegex(pattern);
      const dfa = compileRegex(pattern, true);
      assert.equal(v8.kind === 'ok' && v8.engine, 'v8', pattern);
      for (let i = 0; i < 400; i++) {
        let text = '';
        for (let j = Math.floor(random() * 10); j > 0; j--) text += alphabet[Math.floor(random() * alphabet.length)];
        assert.equal(v8.kind === 'ok' && v8.matches(text), dfa.kind === 'ok' && dfa.matches(text), `${pattern} on ${JSON.stringify(text)}`);
      }
    }
  });
});
