import { type EvalContext, NO, type Tri, UNKNOWN, YES, invert } from './context.js';
import { compileDateFilter, toEpochMs } from './dates.js';
import { booleanLikeTruth, exactText, isBooleanLike, isJsonRepresentable } from './json-text.js';
import { compileRegex, regexHaystack } from './regex/rust-regex.js';
import { type VersionRange, caretRange, compareVersions, parseVersion, tildeRange, wildcardRange } from './semver.js';

/**
 * Person and group property operators. Each filter value is compiled once into a test of the
 * property's value; what is left for evaluation is the comparison itself.
 * @internal
 */

/** Tests a present, non-null-or-allowed property value. */
export type ValueTest = (actual: unknown, ctx: EvalContext) => Tri;

/** Operators that also compare a `null` property value (as the string `"null"`). */
export const NULL_COMPARING_OPERATORS: ReadonlySet<string> = new Set([
  'exact',
  'is_not',
  'icontains',
  'not_icontains',
  'starts_with',
  'not_starts_with',
  'ends_with',
  'not_ends_with',
  'regex',
  'not_regex',
]);

const UPPER = /[A-Z]/;

/** Lower-cases ASCII letters only, as the flags service does for the string operators. */
export function asciiLower(value: unknown): string {
  const text = String(value);
  return UPPER.test(text) ? text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : text;
}

function unsupported(why: string): ValueTest {
  return (_actual, ctx) => ctx.undecided(UNKNOWN, why);
}

function compileExact(target: unknown, matchingVersion: number | undefined): ValueTest {
  const emptyList = Array.isArray(target) && target.length === 0;
  if ((matchingVersion !== 2 && isBooleanLike(target)) || emptyList) {
    const want = booleanLikeTruth(target);
    return (actual, ctx) =>
      isJsonRepresentable(actual)
        ? booleanLikeTruth(actual) === want
          ? YES
          : NO
        : ctx.undecided(UNKNOWN, 'the property value is not plain JSON');
  }
  const items = Array.isArray(target) ? target : [target];
  const wanted = new Set<string>();
  for (const item of items) {
    const text = exactText(item);
    if (text === undefined) return unsupported(`the filter value ${String(item)} cannot be compared exactly like the server (integers may be floats)`);
    wanted.add(text.toLowerCase());
  }
  const booleanTarget = isBooleanLike(target);
  return (actual, ctx) => {
    if (booleanTarget && typeof actual === 'number') return Number.isFinite(actual) ? NO : ctx.undecided(UNKNOWN, 'non-finite number');
    const text = exactText(actual);
    if (text === undefined) return ctx.undecided(UNKNOWN, `the value ${String(actual)} cannot be compared exactly like the server (integers may be floats)`);
    return wanted.has(text.toLowerCase()) ? YES : NO;
  };
}

function compileStringTest(target: unknown, test: (actual: string, wanted: string) => boolean): ValueTest {
  const wanted = asciiLower(target);
  return (actual) => (test(asciiLower(actual), wanted) ? YES : NO);
}

function compileRegexTest(pattern: unknown, negate: boolean): ValueTest {
  const compiled = compileRegex(String(pattern));
  switch (compiled.kind) {
    case 'empty':
      return () => (negate ? NO : YES);
    case 'invalid':
      return () => NO;
    case 'server':
      return (_actual, ctx) => {
        ctx.regexUnknown = true;
        return ctx.undecided(UNKNOWN, `the regex needs the server (${compiled.why})`);
      };
    case 'ok': {
      const { matches } = compiled;
      return (actual, ctx) => {
        const text = regexHaystack(actual);
        const found = text === undefined ? undefined : matches(text);
        if (found === undefined) {
          ctx.regexUnknown = true;
          return ctx.undecided(UNKNOWN, 'the regex needs the server for this value');
        }
        return found !== negate ? YES : NO;
      };
    }
  }
}

function compileOrder(target: unknown, operator: string): ValueTest {
  const wantedNumber = typeof target === 'number' ? target : Number.parseFloat(String(target));
  const wantedText = String(target);
  const numeric = Number.isFinite(wantedNumber);
  const holds = (cmp: number) =>
    operator === 'gt' ? cmp > 0 : operator === 'gte' ? cmp >= 0 : operator === 'lt' ? cmp < 0 : cmp <= 0;
  return (actual) => {
    if (numeric) {
      const n = typeof actual === 'number' ? actual : Number.parseFloat(String(actual));
      if (Number.isFinite(n)) return holds(n === wantedNumber ? 0 : n > wantedNumber ? 1 : -1) ? YES : NO;
    }
    const text = String(actual);
    return holds(text === wantedText ? 0 : text > wantedText ? 1 : -1) ? YES : NO;
  };
}

function compileDate(target: unknown, before: boolean): ValueTest {
  const threshold = compileDateFilter(target);
  if (threshold === undefined) return unsupported(`the date filter ${String(target)} cannot be parsed`);
  return (actual, ctx) => {
    if (typeof actual === 'boolean') return ctx.undecided(UNKNOWN, 'a boolean is not a date');
    const ms = toEpochMs(actual);
    if (ms === undefined) return ctx.undecided(UNKNOWN, `${String(actual)} is not a date`);
    const limit = threshold(ctx.now);
    return (before ? ms < limit : ms > limit) ? YES : NO;
  };
}

function compileVersionCompare(target: unknown, holds: (cmp: number) => boolean): ValueTest {
  const wanted = parseVersion(target);
  if (wanted === undefined) return unsupported(`the filter version ${String(target)} is not a version`);
  return (actual, ctx) => {
    const version = parseVersion(actual);
    if (version === undefined) return ctx.undecided(UNKNOWN, `${String(actual)} is not a version`);
    return holds(compareVersions(version, wanted)) ? YES : NO;
  };
}

function compileVersionRange(range: VersionRange | undefined, target: unknown): ValueTest {
  if (range === undefined) return unsupported(`the filter version ${String(target)} is not a version range`);
  return (actual, ctx) => {
    const version = parseVersion(actual);
    if (version === undefined) return ctx.undecided(UNKNOWN, `${String(actual)} is not a version`);
    return compareVersions(version, range.lower) >= 0 && compareVersions(version, range.upper) < 0 ? YES : NO;
  };
}

/**
 * Compiles `operator` with its filter value. Unknown operators and unusable filter values compile to
 * a test that is always undecided: that flag goes to the server, no other flag is affected.
 */
export function compileValueTest(operator: string, target: unknown, matchingVersion: number | undefined): ValueTest {
  switch (operator) {
    case 'exact':
      return compileExact(target, matchingVersion);
    case 'is_not': {
      const exact = compileExact(target, matchingVersion);
      return (actual, ctx) => invert(exact(actual, ctx));
    }
    case 'icontains':
      return compileStringTest(target, (a, w) => a.includes(w));
    case 'not_icontains':
      return compileStringTest(target, (a, w) => !a.includes(w));
    case 'starts_with':
      return compileStringTest(target, (a, w) => a.startsWith(w));
    case 'not_starts_with':
      return compileStringTest(target, (a, w) => !a.startsWith(w));
    case 'ends_with':
      return compileStringTest(target, (a, w) => a.endsWith(w));
    case 'not_ends_with':
      return compileStringTest(target, (a, w) => !a.endsWith(w));
    case 'regex':
      return compileRegexTest(target, false);
    case 'not_regex':
      return compileRegexTest(target, true);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compileOrder(target, operator);
    case 'is_date_before':
      return compileDate(target, true);
    case 'is_date_after':
      return compileDate(target, false);
    case 'semver_eq':
      return compileVersionCompare(target, (c) => c === 0);
    case 'semver_neq':
      return compileVersionCompare(target, (c) => c !== 0);
    case 'semver_gt':
      return compileVersionCompare(target, (c) => c > 0);
    case 'semver_gte':
      return compileVersionCompare(target, (c) => c >= 0);
    case 'semver_lt':
      return compileVersionCompare(target, (c) => c < 0);
    case 'semver_lte':
      return compileVersionCompare(target, (c) => c <= 0);
    case 'semver_tilde':
      return compileVersionRange(tildeRange(target), target);
    case 'semver_caret':
      return compileVersionRange(caretRange(target), target);
    case 'semver_wildcard':
      return compileVersionRange(wildcardRange(target), target);
    default:
      return unsupported(`unknown operator ${operator}`);
  }
}
