/**
 * Flag payloads arrive as JSON-encoded strings. Decoded here; a string that is not JSON is returned
 * as it is, and an already-decoded value is kept.
 * @internal
 */
export function parsePayload(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
