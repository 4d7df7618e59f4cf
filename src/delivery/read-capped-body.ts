import { PostHogResponseTooLargeError } from '../base/errors.js';

/**
 * Most bytes read from a capture response: v0 answers `{"status":1}`; v1 about 60 bytes per event,
 * so this holds the results of batches far beyond the default 100 events.
 */
export const CAPTURE_RESPONSE_MAX_BYTES = 1024 * 1024;

/** Most bytes read from a `/flags` response (a few hundred flags with payloads take well under 1 MB). */
export const FLAGS_RESPONSE_MAX_BYTES = 4 * 1024 * 1024;

/** Default for option `flagDefinitionsMaxBytes`: generous for the largest projects' definitions. */
export const DEFAULT_DEFINITIONS_MAX_BYTES = 50 * 1024 * 1024;

/** A body read whole, or the error that says it was abandoned. @internal */
export type CappedText = { ok: true; text: string } | { ok: false; error: PostHogResponseTooLargeError };

/**
 * Reads a response body as text, at most `maxBytes` of it. Bytes are counted as the runtime hands
 * them over, after any `Content-Encoding` is undone, so a small compressed body that inflates to
 * gigabytes is stopped at the limit like a large plain one. Past the limit the stream is cancelled,
 * which makes the runtime close the connection instead of reading the rest into nowhere. `what`
 * names the endpoint in the error; `decode` turns the whole body into text (the platform's
 * `decodeUtf8` where it has one). Network errors while reading reject, as `response.text()` would.
 * @internal
 */
export async function readCappedText(response: Response, maxBytes: number, what: string, decode: (bytes: Uint8Array) => string = decodeWithTextDecoder): Promise<CappedText> {
  const body = response.body;
  const tooLarge = (): CappedText => ({ ok: false, error: new PostHogResponseTooLargeError(what, maxBytes) });
  if (body === null || body === undefined) {
    // A custom fetch of posthog-node's minimal shape has no stream, only text(): it is read whole, then measured.
    const text = typeof response.text === 'function' ? await response.text() : '';
    return new TextEncoder().encode(text).byteLength > maxBytes ? tooLarge() : { ok: true, text };
  }
  const encoding = response.headers.get('content-encoding');
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if ((encoding === null || encoding === 'identity') && declared > maxBytes) {
    await body.cancel().catch(() => {});
    return tooLarge();
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  return { ok: true, text: decode(joined(chunks, total)) };
}

/**
 * The chunks as one buffer, so the body is decoded in one call: TextDecoder's streaming mode is
 * several times slower (Node.js 20, 2.6 MB of flag definitions: ~40 ms of CPU against ~10 ms), and
 * that is what a starting server's first flag calls wait for. The bytes are held until then.
 */
function joined(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const whole = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return whole;
}

/** UTF-8 bytes as text, the web-standard way (the default of {@link readCappedText}'s `decode`). */
function decodeWithTextDecoder(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** Abandons a body the caller does not need; the runtime closes the connection if any is left. @internal */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
