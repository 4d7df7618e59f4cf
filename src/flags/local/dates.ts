/**
 * Dates for `is_date_before` / `is_date_after`. Filter values are parsed once, when definitions are
 * compiled; relative ones (`-30d`) keep only their number and unit and are resolved against the
 * evaluation's clock with integer arithmetic.
 * @internal
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RELATIVE = /^-?([0-9]+)([a-z])$/;

/** A compiled date filter: epoch ms for a given "now". `undefined` when the filter is unusable. */
export type DateThreshold = (now: number) => number;

function monthsBefore(now: number, months: number): number {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  let day = date.getUTCDate();
  // Clamp the day to the shortest month on the way back (31 Mar - 1m = 28/29 Feb).
  for (let step = 1; step <= months && day > 28; step++) {
    day = Math.min(day, new Date(Date.UTC(year, month - step + 1, 0)).getUTCDate());
  }
  date.setUTCFullYear(year, month - months, day);
  return date.getTime();
}

function yearsBefore(now: number, years: number): number {
  const date = new Date(now);
  const month = date.getUTCMonth();
  const day = years > 0 && month === 1 && date.getUTCDate() === 29 ? 28 : date.getUTCDate();
  date.setUTCFullYear(date.getUTCFullYear() - years, month, day);
  return date.getTime();
}

function relative(text: string): DateThreshold | undefined {
  const match = RELATIVE.exec(text);
  if (match === null) return undefined;
  const n = Number.parseInt(match[1], 10);
  if (n >= 10_000) return undefined;
  switch (match[2]) {
    case 'h':
      return (now) => now - n * HOUR;
    case 'd':
      return (now) => now - n * DAY;
    case 'w':
      return (now) => now - 7 * n * DAY;
    case 'm':
      return (now) => monthsBefore(now, n);
    case 'y':
      return (now) => yearsBefore(now, n);
    default:
      return undefined;
  }
}

/** Compiles a filter value: relative offset, or an absolute date (ISO string, epoch number). */
export function compileDateFilter(value: unknown): DateThreshold | undefined {
  if (typeof value === 'boolean') return undefined;
  const rel = relative(String(value));
  if (rel !== undefined) return rel;
  const ms = toEpochMs(value);
  return ms === undefined ? undefined : () => ms;
}

/** A property's date in epoch ms: a Date, an ISO-8601 string or epoch milliseconds. */
export function toEpochMs(value: unknown): number | undefined {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string') {
    // Callers pass the same property object call after call: remember the last string parsed.
    if (value !== lastText) {
      lastText = value;
      lastMs = new Date(value).getTime();
    }
    ms = lastMs;
  } else if (typeof value === 'number') ms = new Date(value).getTime();
  else return undefined;
  return Number.isNaN(ms) ? undefined : ms;
}

let lastText: string | undefined;
let lastMs = Number.NaN;
