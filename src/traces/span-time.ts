import type { SpanTimeInput } from './span-types.js';

/** Clocks a span reads: wall time for its start, monotonic time for how long it ran. @internal */
export interface SpanClock {
  /** Milliseconds since the epoch. */
  wallNow(): number;
  /** Milliseconds on a clock that never jumps (`performance.now()`). */
  monoNow(): number;
}

/**
 * A wall time paired with the monotonic time it was read at. Times of a span that started "now"
 * are this wall time plus monotonic time elapsed, so durations survive wall-clock adjustments and
 * event times fall inside the span (spec traces, span data model); children share their root's
 * anchor, so a child never appears to start before its parent.
 * @internal
 */
export interface ClockAnchor {
  readonly wall: number;
  readonly mono: number;
}

/** Largest time the server can represent: i64::MAX nanoseconds, in milliseconds. */
const MAX_TIME_MS = 9_223_372_036_854;
/** The server clamps times older than this to receive time (keeping the original aside). */
export const SERVER_CLAMP_MS = 24 * 60 * 60 * 1000;

/**
 * A caller-supplied time in milliseconds, or `undefined` when it is not a representable time:
 * non-numbers, invalid dates, pre-epoch and beyond i64 nanoseconds (spec traces, client-side validity).
 * @internal
 */
export function toEpochMs(value: SpanTimeInput | undefined): number | undefined {
  const ms = value instanceof Date ? value.getTime() : value;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS ? ms : undefined;
}

/** Milliseconds (fractions included) as an OTLP nanosecond string. @internal */
export function toUnixNano(ms: number): string {
  let whole = Math.floor(ms);
  let nanos = Math.round((ms - whole) * 1e6);
  if (nanos >= 1e6) {
    whole += 1;
    nanos = 0;
  }
  return whole === 0 ? String(nanos) : `${whole}${String(nanos).padStart(6, '0')}`;
}
