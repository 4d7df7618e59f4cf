import { getPostHogCookieName, parsePostHogCookie } from './posthog-cookie.js';
import { type IncomingRequestLike, type RequestContext, contextFromRequest } from './request-context.js';
import { readHeader } from './tracing-headers.js';

/** The client options the posthog-node-style integrations read when they build a request context. */
export interface RequestContextOptions {
  apiKey: string;
  /** `disable_capture_url_hashes`: leave `#…` out of `$current_url`. */
  disableCaptureUrlHashes: boolean;
  /** `readPostHogCookie`: fall back to the browser's PostHog cookie for the ids. */
  readPostHogCookie: boolean;
}

/**
 * A request's context as posthog-node's Express, NestJS and fetch integrations build it: tracing
 * headers first, then (with `readPostHogCookie`) the visitor's `ph_<key>_posthog` cookie, and
 * `$current_url` without its hash when `disable_capture_url_hashes` is set. @internal
 */
export function requestContextFor(request: IncomingRequestLike, options: RequestContextOptions): RequestContext {
  const context = contextFromRequest(request);
  const properties = { ...context.properties };
  if (options.disableCaptureUrlHashes && typeof properties.$current_url === 'string') properties.$current_url = properties.$current_url.split('#')[0];
  let { distinctId, sessionId } = context;
  if (options.readPostHogCookie && (distinctId === undefined || sessionId === undefined)) {
    const name = getPostHogCookieName(options.apiKey);
    const header = readHeader(request.headers, 'cookie');
    const cookieHeader = typeof header === 'string' ? header : Array.isArray(header) ? header.join('; ') : '';
    const raw = cookieHeader
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name}=`))
      ?.slice(name.length + 1);
    let value = raw;
    try {
      value = raw === undefined ? undefined : decodeURIComponent(raw);
    } catch {
      // keep the raw value
    }
    const state = value === undefined ? null : parsePostHogCookie(value);
    if (state !== null) {
      distinctId ??= state.distinctId;
      if (sessionId === undefined && state.sessionId !== undefined) {
        sessionId = state.sessionId;
        properties.$session_id ??= sessionId;
      }
    }
  }
  return { distinctId, sessionId, properties };
}

