import { backtrackingIsLinear } from './backtrack-bound.js';
import { LazyDfa } from './lazy-dfa.js';
import { buildNfa } from './nfa.js';
import { parseRustRegex } from './parse.js';
import { toJsRegExp } from './to-js-regexp.js';

/**
 * `regex` / `not_regex` patterns, run in linear time. The flags service runs them with the Rust
 * `regex` crate (through `fancy_regex`, which passes every pattern without look-around or
 * backreferences to it): no backtracking, Unicode-aware classes, simple case folding. posthog-ts
 * parses that dialect itself (parse.ts) and builds a Thompson NFA (nfa.ts), then picks an engine:
 *
 * - V8's RegExp, on an exact translation (to-js-regexp.ts), when backtracking is proven linear for
 *   the pattern (backtrack-bound.ts): most everyday patterns (prefixes, suffixes, e-mail and URL
 *   shapes). V8 runs them in native code, several times faster than a JavaScript loop can.
 * - Otherwise a lazily built, size-bounded DFA (lazy-dfa.ts): linear whatever the pattern.
 *
 * Either way any pattern costs O(pattern × input); a pattern outside the dialect is left to the
 * server, never run slowly. Why not the DFA alone: on this project's 2-core bench machine a
 * JavaScript table-driven loop costs ~7 ns a character against V8's ~1.6, so the DFA alone runs
 * ordinary patterns at 0.3–1.7x the speed of the RegExp path it replaced, while V8 on proven-linear
 * patterns runs them 1.1–3.3x faster (bench/regex.mjs, full runs). Size: ~1,300 lines with comments
 * over the nine modules of this folder, no tables (Unicode data comes from the JavaScript engine).
 * @internal
 */

/** Result of compiling a pattern. @internal */
export type CompiledRegex =
  /** `matches` is `undefined` when this input needs the server (a lone surrogate, too much work). */
  | { kind: 'ok'; engine: 'v8' | 'dfa'; matches(text: string): boolean | undefined }
  /** Not a valid pattern: the server never matches it (neither `regex` nor `not_regex`). */
  | { kind: 'invalid' }
  /** Valid or not, only the server can run it exactly. */
  | { kind: 'server'; why: string }
  /** The empty pattern matches everything. */
  | { kind: 'empty' };

/** NFA size budget (states, with Unicode classes weighing more). */
const MAX_WEIGHT = 10_000;

/** Compiles a filter's pattern. Never throws. `dfaOnly` (tests, bench) skips the V8 engine. @internal */
export function compileRegex(pattern: string, dfaOnly = false): CompiledRegex {
  if (pattern === '') return { kind: 'empty' };
  const parsed = parseRustRegex(pattern);
  if ('invalid' in parsed) return { kind: 'invalid' };
  if ('unsupported' in parsed) return { kind: 'server', why: parsed.unsupported };
  const nfa = buildNfa(parsed.node, MAX_WEIGHT);
  if (nfa === undefined) return { kind: 'server', why: 'a pattern this large' };
  const native = !dfaOnly && backtrackingIsLinear(nfa) ? toJsRegExp(parsed.node) : undefined;
  if (native !== undefined) return { kind: 'ok', engine: 'v8', matches: (text) => (isWellFormed(text) ? native.test(text) : undefined) };
  const dfa = new LazyDfa(nfa);
  return { kind: 'ok', engine: 'dfa', matches: (text) => dfa.matches(text) };
}

/**
 * Whether text has no lone surrogate: text with one cannot reach the server (its JSON is not valid
 * UTF-8). `String.prototype.isWellFormed` where the runtime has it (found once), else a regex.
 */
const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !/\p{Cs}/u.test(text);

/**
 * The text the server matches for a property value (`to_string_representation`: a string itself,
 * anything else its JSON), or `undefined` when JavaScript could write it differently from Rust's
 * serde_json (large or tiny numbers, lists and objects).
 * @internal
 */
export function regexHaystack(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    const size = Math.abs(value);
    return Number.isFinite(value) && size >= 1e-4 && size < 1e15 ? String(value) : undefined;
  }
  return undefined;
}
