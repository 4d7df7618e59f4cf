import { type SetSpec, WORD } from './syntax.js';

/**
 * Character sets of a pattern, as predicates over code points. Unicode knowledge (general
 * categories, `\w`, White_Space, simple case folding) comes from the JavaScript engine's own tables
 * through one-character `u` / `iu` regular expressions — each tests a single character, so they cost
 * constant time — which keeps posthog-ts free of Unicode tables. ASCII membership is precomputed.
 *
 * Case folding follows the `regex` crate: each item of a set is folded, then negated if it is a
 * negated item (`\P{Lu}`, `\W`), then the whole set is negated if it is `[^…]`. JavaScript's `iu`
 * classes fold the same way (simple case folding, CaseFolding.txt C + S).
 * @internal
 */
export interface CharSet {
  /** Membership of each ASCII code point. */
  readonly ascii: Uint8Array;
  /** Membership of a code point above 127 (`ch` is its string). */
  has(cp: number, ch: string): boolean;
  /** No code point above 127 is in the set. */
  readonly asciiOnly: boolean;
}

/** JavaScript escape of a code point inside a `u`-mode class. */
const escapeCp = (cp: number): string => `\\u{${cp.toString(16)}}`;

function classRegex(body: string, caseless: boolean): RegExp {
  return new RegExp(`^[${body}]$`, caseless ? 'iu' : 'u');
}

/**
 * The characters an ASCII code point is equivalent to under simple case folding: its other case, and
 * for k and s the two non-ASCII letters that fold to them (KELVIN SIGN, LATIN SMALL LETTER LONG S).
 */
function asciiOrbit(cp: number): number[] {
  const lower = cp | 0x20;
  if (lower < 97 || lower > 122) return [cp];
  const orbit = [lower, lower - 32];
  if (lower === 107) orbit.push(0x212a);
  if (lower === 115) orbit.push(0x17f);
  return orbit;
}

/** Compiles a parsed set. @internal */
export function compileCharSet(set: SetSpec): CharSet {
  const { ranges, negated, caseless } = set;
  const positive = set.props.filter((p) => !p.negated).map((p) => p.js);
  const negatives = set.props.filter((p) => p.negated).map((p) => p.js);
  const inRanges = (cp: number): boolean => {
    for (const [lo, hi] of ranges) if (cp >= lo && cp <= hi) return true;
    return false;
  };
  // Case-sensitive tests of the properties, for ASCII membership (built on first use).
  let positiveExact: RegExp | undefined;
  let negativeExact: RegExp[] | undefined;
  const rawItemHit = (cp: number): boolean => {
    if (inRanges(cp)) return true;
    const ch = String.fromCodePoint(cp);
    if (positive.length > 0 && (positiveExact ??= classRegex(positive.join(''), false)).test(ch)) return true;
    return false;
  };
  const rawNegativeMiss = (cp: number, index: number): boolean => {
    negativeExact ??= negatives.map((js) => classRegex(js, false));
    return negativeExact[index].test(String.fromCodePoint(cp));
  };

  const ascii = new Uint8Array(128);
  for (let cp = 0; cp < 128; cp++) {
    const orbit = caseless ? asciiOrbit(cp) : [cp];
    let hit = orbit.some(rawItemHit);
    // A negated item holds when no case variant has the property.
    for (let i = 0; !hit && i < negatives.length; i++) hit = !orbit.some((d) => rawNegativeMiss(d, i));
    ascii[cp] = hit !== negated ? 1 : 0;
  }

  const onlyAsciiRanges = positive.length === 0 && negatives.length === 0 && ranges.every(([, hi]) => hi < 128);
  if (onlyAsciiRanges && !caseless) return { ascii, has: () => negated, asciiOnly: !negated };

  // Above ASCII: one regex for the ranges and positive properties (folded when caseless), one per negated item.
  let positiveTest: RegExp | undefined;
  let negativeTests: RegExp[] | undefined;
  const positiveBody = (caseless ? ranges.map(([lo, hi]) => (lo === hi ? escapeCp(lo) : `${escapeCp(lo)}-${escapeCp(hi)}`)).join('') : '') + positive.join('');
  return {
    ascii,
    asciiOnly: false,
    has(cp, ch) {
      let hit = !caseless && inRanges(cp);
      if (!hit && positiveBody !== '') hit = (positiveTest ??= classRegex(positiveBody, caseless)).test(ch);
      if (!hit && negatives.length > 0) {
        negativeTests ??= negatives.map((js) => classRegex(js, caseless));
        for (const test of negativeTests) {
          if (!test.test(ch)) {
            hit = true;
            break;
          }
        }
      }
      return hit !== negated;
    },
  };
}

let word: CharSet | undefined;

/** Word characters as `\b` sees them (Unicode `\w`), built on first use. @internal */
export function wordChars(): CharSet {
  word ??= compileCharSet({ negated: false, ranges: [], props: [{ js: WORD, negated: false }], caseless: false });
  return word;
}
