/** Retry-After is honoured up to this long; a larger value is clamped (wire-protocol.md §8). */
export const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Reads a `Retry-After` header: delta-seconds or an HTTP-date. Zero, negative, past or unparseable
 * values mean "no instruction" (`undefined`); large values are clamped to {@link MAX_RETRY_AFTER_MS}.
 * @internal
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = date - nowMs;
  }
  if (!(ms > 0)) return undefined;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
