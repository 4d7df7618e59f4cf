import { PostHogResponseTooLargeError } from '../base/errors.js';
import type { Platform } from '../platform/platform.js';
import { type CappedText, discardBody, readCappedText } from './read-capped-body.js';
import { REDIRECT_STATUSES } from './redirects.js';

/** A capture lane's answer, whichever way it was sent. @internal */
export interface CaptureAnswer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** `opaqueredirect` when a browser-like fetch hid a redirect; otherwise absent or `basic`. */
  readonly type?: string;
  /**
   * The body, read up to the cap (empty for a redirect: nobody reads it); `broken` when the
   * connection failed while it was read, after the status had arrived.
   */
  readonly read: CappedText | { ok: false; broken: true; error: unknown };
}

/**
 * POSTs an encoded capture body and reads the answer up to `maxBytes`: on the platform's own POST
 * path when it has one (Node.js: node:http, a third of fetch's CPU per request), else through fetch
 * with `redirect: 'manual'`. Either way a redirect is returned, never followed. `what` names the
 * request in a too-large error. Rejects on network errors before the answer and on `signal`.
 * @internal
 */
export async function postCapture(platform: Platform, url: string, headers: Record<string, string>, body: Uint8Array, signal: AbortSignal, maxBytes: number, what: string): Promise<CaptureAnswer> {
  const posted = platform.post?.(url, { headers, body, signal, maxBytes });
  if (posted !== undefined) {
    const answer = await posted;
    const got = answer.body;
    const read: CaptureAnswer['read'] = got.ok ? got : got.tooLarge ? { ok: false, error: new PostHogResponseTooLargeError(what, maxBytes) } : { ok: false, broken: true, error: got.error };
    return { status: answer.status, headers: answer.headers, read };
  }
  const response = await platform.fetch(url, { method: 'POST', headers, body: body as unknown as BodyInit, signal, redirect: 'manual' });
  if (response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status)) {
    await discardBody(response);
    return { status: response.status, headers: response.headers, type: response.type, read: { ok: true, text: '' } };
  }
  const read = await readCappedText(response, maxBytes, what).catch((error: unknown) => ({ ok: false, broken: true, error }) as const);
  return { status: response.status, headers: response.headers, type: response.type, read };
}
