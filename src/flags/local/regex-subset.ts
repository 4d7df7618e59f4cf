/**
 * `regex` / `not_regex` filters. The flags service runs Rust's `regex` dialect; JavaScript's differs
 * in places (Unicode classes, `\b`, possessive quantifiers, lookaround …). Only the portable subset
 * is decided locally — everything else is undecided and goes to the server. Patterns are checked and
 * compiled once, with the definitions.
 * @internal
 */

/** Result of compiling a pattern. */
export type CompiledRegex =
  | { kind: 'ok'; regex: RegExp }
  /** Not a valid pattern: never matches (neither `regex` nor `not_regex`). */
  | { kind: 'invalid' }
  /** Valid, but only the server can run it exactly. */
  | { kind: 'server'; why: string }
  /** The empty pattern matches everything. */
  | { kind: 'empty' };

const SIMPLE_ESCAPES = 'dDsSwWbBfnrtv';
const PUNCTUATION = /[\x20-\x2f:;=?@\x5b-\x60\x7b-\x7e]/;
const REPETITION = /^\{(\d+)(?:,(\d*))?\}/;
const HEX2 = /^[\da-fA-F]{2}$/;

/** Returns why `pattern` is outside the portable subset, or the character classes to verify. */
function scan(pattern: string): { why: string } | { classes: string[] } {
  const classes: string[] = [];
  let classStart = -1;
  let previous = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch.charCodeAt(0) > 0x7f) return { why: 'non-ASCII pattern' };
    if (ch === '\\') {
      const next = pattern[++i];
      if (next === undefined) break;
      if (next === 'x') {
        if (!HEX2.test(pattern.slice(i + 1, i + 3))) return { why: 'malformed \\x escape' };
        i += 2;
      } else if (!SIMPLE_ESCAPES.includes(next) && !PUNCTUATION.test(next)) {
        return { why: `escape \\${next}` };
      }
      if (classStart === -1 && (next === 'b' || next === 'B')) return { why: 'word boundary' };
      previous = 'literal';
      continue;
    }
    if (classStart !== -1) {
      if (ch === '[') return { why: 'nested character class' };
      if (ch === ']') {
        const contentStart = classStart + (pattern[classStart + 1] === '^' ? 2 : 1);
        if (i === contentStart) return { why: 'empty character class' };
        classes.push(pattern.slice(classStart, i + 1));
        classStart = -1;
        previous = 'literal';
        continue;
      }
      const pair = pattern.slice(i, i + 2);
      if (pair === '&&' || pair === '--' || pair === '~~') return { why: 'class set operation' };
      continue;
    }
    if (ch === '[') {
      classStart = i;
      continue;
    }
    if (ch === '(' && pattern[i + 1] === '?') {
      if (pattern[i + 2] !== ':') return { why: 'group extension' };
      i += 2;
      previous = '(';
      continue;
    }
    if (ch === '{') {
      const rep = REPETITION.exec(pattern.slice(i));
      if (rep === null || previous === '' || previous === '|' || previous === '(') return { why: 'repetition' };
      if (rep.slice(1).some((n) => n !== undefined && n !== '' && Number(n) > 0xffffffff)) return { why: 'repetition' };
    } else if ('*+?}'.includes(ch) && (pattern[i + 1] === '+' || pattern[i + 1] === '{')) {
      return { why: 'possessive or stacked quantifier' };
    }
    if ('*+?{'.includes(ch) && (previous === '^' || previous === '$' || previous === 'empty group')) {
      return { why: 'quantified anchor or empty group' };
    }
    previous = ch === ')' && (previous === '(' || previous === 'empty group') ? 'empty group' : ch;
  }
  return { classes };
}

/** Checks and compiles a filter's pattern. */
export function compileRegex(pattern: string): CompiledRegex {
  if (pattern === '') return { kind: 'empty' };
  const scanned = scan(pattern);
  if ('why' in scanned) return { kind: 'server', why: scanned.why };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return { kind: 'invalid' };
  }
  for (const cls of scanned.classes) {
    try {
      new RegExp(cls, 'u');
    } catch {
      return { kind: 'server', why: 'character class' };
    }
  }
  return { kind: 'ok', regex };
}

const NON_PORTABLE_INPUT = /[^\x00-\x0c\x0e-\x7f]/;

/** Whether a value can be matched locally (ASCII without carriage returns). */
export function isPortableInput(value: string): boolean {
  return !NON_PORTABLE_INPUT.test(value);
}
