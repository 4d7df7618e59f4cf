/**
 * Semantic versions for the `semver_*` operators: `major.minor.patch`, a leading `v`, pre-release
 * and build suffixes ignored, missing parts 0, leading zeros refused (the strict policy).
 * @internal
 */

/** `[major, minor, patch]`. */
export type Version = readonly [number, number, number];

/** A version range `[lower, upper)`. */
export interface VersionRange {
  lower: Version;
  upper: Version;
}

const DIGITS = /^\d+$/;

function numericPart(part: string | undefined): number | undefined {
  if (part === undefined || part === '') return 0;
  if (!DIGITS.test(part) || (part.length > 1 && part[0] === '0')) return undefined;
  return Number.parseInt(part, 10);
}

function stripPrefix(value: unknown): string {
  return String(value).trim().replace(/^[vV]/, '');
}

/**
 * The last text parsed and its version: `getAllFlags` meets the same person property (an app
 * version) in every semver flag of a call, and parsing splits and tests it each time.
 */
let lastText: string | undefined;
let lastVersion: Version | undefined;

/** Parses a version, or `undefined` when it is not one. */
export function parseVersion(value: unknown): Version | undefined {
  if (typeof value === 'string') {
    if (value !== lastText) {
      lastVersion = parseText(value);
      lastText = value;
    }
    return lastVersion;
  }
  return parseText(value);
}

function parseText(value: unknown): Version | undefined {
  const base = stripPrefix(value).split('-')[0].split('+')[0];
  if (base === '' || base.startsWith('.')) return undefined;
  const parts = base.split('.');
  const major = numericPart(parts[0]);
  const minor = numericPart(parts[1]);
  const patch = numericPart(parts[2]);
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  return [major, minor, patch];
}

/** Orders two versions: negative, zero or positive. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** `~1.2.3` → [1.2.3, 1.3.0). */
export function tildeRange(value: unknown): VersionRange | undefined {
  const v = parseVersion(value);
  return v && { lower: v, upper: [v[0], v[1] + 1, 0] };
}

/** `^1.2.3` → [1.2.3, 2.0.0); `^0.2.3` → [0.2.3, 0.3.0); `^0.0.3` → [0.0.3, 0.0.4). */
export function caretRange(value: unknown): VersionRange | undefined {
  const v = parseVersion(value);
  if (v === undefined) return undefined;
  const upper: Version = v[0] > 0 ? [v[0] + 1, 0, 0] : v[1] > 0 ? [0, v[1] + 1, 0] : [0, 0, v[2] + 1];
  return { lower: v, upper };
}

/** `1.*` → [1.0.0, 2.0.0); `1.2.*` → [1.2.0, 1.3.0). */
export function wildcardRange(value: unknown): VersionRange | undefined {
  const text = stripPrefix(value).replace(/\.\*$/, '').replace(/\*$/, '');
  if (text === '') return undefined;
  const parts = text.split('.');
  const major = parts[0] === '' ? undefined : numericPart(parts[0]);
  if (major === undefined) return undefined;
  if (parts.length === 1) return { lower: [major, 0, 0], upper: [major + 1, 0, 0] };
  const minor = parts[1] === '' ? undefined : numericPart(parts[1]);
  if (minor === undefined) return undefined;
  return { lower: [major, minor, 0], upper: [major, minor + 1, 0] };
}
