import { PostHogValidationError } from '../base/errors.js';

// `2025-01-02T08:34:05.123456+05:30` → groups: date-time, fraction, zone.
const ISO_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|z|[+-]\d{2}:?\d{2})$/;

/**
 * Normalises an event time to an ISO-8601 UTC string. A non-UTC string is converted to the same
 * instant; sub-millisecond digits a string carried are kept (PostHog stores microseconds).
 * @internal
 */
export function toWireTimestamp(value: Date | string | number | undefined, nowMs: number): string {
  if (value === undefined || value === null) return isoNow(nowMs);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new PostHogValidationError('timestamp', 'is an invalid Date');
    return value.toISOString();
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PostHogValidationError('timestamp', 'must be a finite number of epoch ms');
    return new Date(value).toISOString();
  }
  if (typeof value === 'string') {
    const match = ISO_PATTERN.exec(value);
    if (match) {
      const [, dateTime, fraction = '', zone] = match;
      if (zone === 'Z' && fraction.length >= 4) return value;
      const ms = Date.parse(`${dateTime}${fraction.slice(0, 4)}${zone}`);
      if (!Number.isNaN(ms)) {
        const iso = new Date(ms).toISOString(); // always has .sss
        return fraction.length > 4 ? `${iso.slice(0, 19)}${fraction}Z` : iso;
      }
    }
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
    throw new PostHogValidationError('timestamp', `"${value.slice(0, 40)}" is not an ISO-8601 date`);
  }
  throw new PostHogValidationError('timestamp', 'must be a Date, an ISO-8601 string or epoch milliseconds');
}

// Date#toISOString costs ~0.35 µs; events captured in a burst share the second, so the prefix up to
// the seconds is reused and only the milliseconds are formatted.
let cachedSecond = Number.NaN;
let cachedPrefix = '';
/** `.mmmZ` for each millisecond, made on first use (making all 1,000 at import cost ~0.45 ms). */
const MS_TEXT: string[] = new Array<string>(1000).fill('');

function isoNow(nowMs: number): string {
  const ms = Math.floor(nowMs);
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    if (iso.length !== 24) return new Date(ms).toISOString(); // years outside 0000–9999
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 19);
  }
  const milliseconds = ms - second * 1000;
  let tail = MS_TEXT[milliseconds];
  if (tail === '') tail = MS_TEXT[milliseconds] = `.${String(milliseconds).padStart(3, '0')}Z`;
  return cachedPrefix + tail;
}
