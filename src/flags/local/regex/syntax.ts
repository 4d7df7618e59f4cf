/**
 * The pieces of the Rust `regex` dialect posthog-ts runs: the parsed tree, and the escape, class and
 * category tables the parser (parse.ts) reads.
 * @internal
 */
import { isAsciiLetter } from '../../../base/ascii.js';

/** Where an assertion holds. @internal */
export type AssertKind = 'text-start' | 'text-end' | 'line-start' | 'line-end' | 'word' | 'not-word';

/** A set of characters: code point ranges and Unicode properties, maybe negated or case-folded. @internal */
export interface SetSpec {
  negated: boolean;
  ranges: Array<[number, number]>;
  /** JavaScript `\p{…}` class contents (one union each), tested per character; `negated` complements one. */
  props: Array<{ js: string; negated: boolean }>;
  /** Unicode simple case folding applies (the `i` flag). */
  caseless: boolean;
}

/** The parsed pattern. Groups are gone: only their contents matter to whether a match exists. @internal */
export type Node =
  | { t: 'empty' }
  | { t: 'set'; set: SetSpec }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

/** What parsing gives. @internal */
export type Parsed = { node: Node } | { invalid: string } | { unsupported: string };

/** Flags in force at a point of the pattern. @internal */
export interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}


/** `\w` as the `regex` crate defines it (UTS#18 Annex C), in JavaScript's `u`-mode syntax. @internal */
export const WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';

/** `\\d \\D \\s \\S \\w \\W` as Unicode properties. @internal */
export const PERL: Record<string, { js: string; negated: boolean }> = {
  d: { js: '\\p{Nd}', negated: false },
  D: { js: '\\p{Nd}', negated: true },
  s: { js: '\\p{White_Space}', negated: false },
  S: { js: '\\p{White_Space}', negated: true },
  w: { js: WORD, negated: false },
  W: { js: WORD, negated: true },
};

/** One-letter escapes of control characters. @internal */
export const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11 };

/** General categories by loose name (lower case, no `_`, `-` or spaces), as the regex crate matches them. @internal */
export const CATEGORIES: Record<string, string> = {};
for (const [short, long] of [
  ['L', 'Letter'], ['Lu', 'Uppercase_Letter'], ['Ll', 'Lowercase_Letter'], ['Lt', 'Titlecase_Letter'], ['LC', 'Cased_Letter'],
  ['Lm', 'Modifier_Letter'], ['Lo', 'Other_Letter'], ['M', 'Mark'], ['Mn', 'Nonspacing_Mark'], ['Mc', 'Spacing_Mark'],
  ['Me', 'Enclosing_Mark'], ['N', 'Number'], ['Nd', 'Decimal_Number'], ['Nl', 'Letter_Number'], ['No', 'Other_Number'],
  ['P', 'Punctuation'], ['Pc', 'Connector_Punctuation'], ['Pd', 'Dash_Punctuation'], ['Ps', 'Open_Punctuation'],
  ['Pe', 'Close_Punctuation'], ['Pi', 'Initial_Punctuation'], ['Pf', 'Final_Punctuation'], ['Po', 'Other_Punctuation'],
  ['S', 'Symbol'], ['Sm', 'Math_Symbol'], ['Sc', 'Currency_Symbol'], ['Sk', 'Modifier_Symbol'], ['So', 'Other_Symbol'],
  ['Z', 'Separator'], ['Zs', 'Space_Separator'], ['Zl', 'Line_Separator'], ['Zp', 'Paragraph_Separator'],
  ['Cc', 'Control'], ['Cf', 'Format'], ['Co', 'Private_Use'],
]) {
  CATEGORIES[short.toLowerCase()] = short;
  CATEGORIES[long.toLowerCase().replace(/_/g, '')] = short;
}

/** ASCII classes `[[:name:]]` (the regex crate's are ASCII-only). @internal */
export const POSIX: Record<string, Array<[number, number]>> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};

/** @internal */
export const code = (ch: string): number => ch.codePointAt(0) as number;
/** @internal */
export const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
/** ASCII punctuation and space may be escaped to stand for themselves; `\<` and `\>` are word boundaries in newer crates. @internal */
export const isEscapablePunctuation = (c: number): boolean =>
  (c >= 32 && c <= 47) || (c >= 58 && c <= 64 && c !== 60 && c !== 62) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);

/** The code points not in `ranges` (sorted, disjoint). @internal */
export function complement(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  out.push([next, 0x10ffff]);
  return out;
}

/** A sequence of nodes. @internal */
export function concat(items: Node[]): Node {
  if (items.length === 0) return { t: 'empty' };
  return items.length === 1 ? items[0] : { t: 'cat', items };
}

/** One character; case-folded under `i` unless it is ASCII and not a letter (nothing folds to those). @internal */
export function literal(c: number, flags: Flags): Node {
  const caseless = flags.i && (c > 127 || isAsciiLetter(c));
  return { t: 'set', set: { negated: false, ranges: [[c, c]], props: [], caseless } };
}
