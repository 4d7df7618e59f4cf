/** Header carrying the browser's distinct id to the server (read case-insensitively). */
export const DISTINCT_ID_HEADER = 'x-posthog-distinct-id';
/** Header carrying the browser's session id. */
export const SESSION_ID_HEADER = 'x-posthog-session-id';
/** Longest header value kept; longer values are cut (spec tracing-headers). */
export const MAX_HEADER_VALUE_LENGTH = 1000;

// C0 controls (CR, LF and NUL among them), DEL, C1 controls, and the Unicode line and paragraph
// separators, which break log lines the way CR/LF do.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

// Characters that take no space on screen: zero-width spaces and joiners, the word joiner family,
// the byte-order mark, and bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069).
const INVISIBLE_CHARACTERS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Cleans a tracing-header value: strings only (the first usable element of an array), control
 * characters removed, trimmed, capped at 1,000 characters; empty, or made only of invisible
 * characters (zero-width, bidi controls), → `undefined`, so such an id never stands for a user.
 * These values are analytics hints, never authentication.
 */
export function sanitizeHeaderValue(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const clean = sanitizeHeaderValue(item);
      if (clean !== undefined) return clean;
    }
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(CONTROL_CHARACTERS, '').trim().slice(0, MAX_HEADER_VALUE_LENGTH).trim();
  return clean === '' || clean.replace(INVISIBLE_CHARACTERS, '').trim() === '' ? undefined : clean;
}

/** Headers as Node, Fetch/Hono and Fastify hand them over. */
export type HeaderSource = {
  /** A header's value (Fetch `Headers`), `null` when absent. */
  get(name: string): string | null;
} | Record<string, string | string[] | undefined>;

/** Reads one header from any {@link HeaderSource}, case-insensitively. @internal */
export function readHeader(headers: HeaderSource | undefined, name: string): unknown {
  if (headers === undefined || headers === null) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, unknown>;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  return undefined;
}
