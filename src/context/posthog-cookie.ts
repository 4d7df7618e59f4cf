import { uuidv7 } from '../messages/uuid.js';

/** Anything that reads cookies by name: Next.js `cookies()`, `request.cookies`, {@link cookieStoreFromHeader}. */
export interface CookieStore {
  /** The cookie of that name, or `undefined`. */
  get(name: string): { value: string } | undefined;
}

/** What the browser's PostHog cookie says about its visitor. */
export interface PostHogCookieState {
  distinctId: string;
  /** posthog-js marked the visitor identified (`$user_state: 'identified'`). */
  isIdentified: boolean;
  sessionId?: string;
  /** Last activity of the session, ms since the epoch. */
  sessionLastActivityTimestamp?: number;
  /** Start of the session, ms since the epoch. */
  sessionStartTimestamp?: number;
  deviceId?: string;
}

/**
 * A {@link CookieStore} over a raw `Cookie` header. Values are URI-decoded; a malformed escape keeps
 * the raw value (the header comes from the client, so it must never throw).
 */
export function cookieStoreFromHeader(cookieHeader: string): CookieStore {
  const cookies = new Map<string, string>();
  for (const pair of typeof cookieHeader === 'string' ? cookieHeader.split(';') : []) {
    const at = pair.indexOf('=');
    const name = (at === -1 ? pair : pair.slice(0, at)).trim();
    if (name === '') continue;
    const raw = at === -1 ? '' : pair.slice(at + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // keep the raw value
    }
    cookies.set(name, value);
  }
  return { get: (name) => (cookies.has(name) ? { value: cookies.get(name) as string } : undefined) };
}

/** The name of posthog-js's cookie for a project key: `ph_<key>_posthog` (`+`, `/`, `=` spelled `PL`, `SL`, `EQ`). */
export function getPostHogCookieName(apiKey: string): string {
  return `ph_${String(apiKey).replace(/\+/g, 'PL').replace(/\//g, 'SL').replace(/=/g, 'EQ')}_posthog`;
}

/**
 * A cookie value posthog-js reads as an anonymous visitor with this id (and a new session): for a
 * server that assigns the id before the browser SDK loads.
 */
export function serializePostHogCookie(anonymousId: string): string {
  const now = Date.now();
  return JSON.stringify({ distinct_id: anonymousId, $device_id: anonymousId, $user_state: 'anonymous', $sesid: [now, uuidv7(now), now] });
}

const timestamp = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Reads posthog-js's cookie value: `null` when it is absent or not one. */
export function parsePostHogCookie(cookieValue: string): PostHogCookieState | null {
  if (typeof cookieValue !== 'string' || cookieValue === '') return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(cookieValue) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || !parsed.distinct_id) return null;
  // `$sesid` is [last activity, session id, session start].
  const session = Array.isArray(parsed.$sesid) ? (parsed.$sesid as unknown[]) : [];
  return {
    distinctId: String(parsed.distinct_id),
    isIdentified: parsed.$user_state === 'identified',
    sessionId: typeof session[1] === 'string' ? session[1] : undefined,
    sessionLastActivityTimestamp: timestamp(session[0]),
    sessionStartTimestamp: timestamp(session[2]),
    deviceId: typeof parsed.$device_id === 'string' ? parsed.$device_id : undefined,
  };
}

/** The visitor state of a project's PostHog cookie in a cookie store, or `null`. */
export function readPostHogCookie(cookies: CookieStore, apiKey: string): PostHogCookieState | null {
  const cookie = cookies?.get(getPostHogCookieName(apiKey));
  return cookie === undefined ? null : parsePostHogCookie(cookie.value);
}

/** The event properties a cookie state gives (`$session_id`, `$device_id`), or `undefined` when none. */
export function cookieStateToProperties(state: PostHogCookieState | null): Record<string, string> | undefined {
  if (state === null || state === undefined) return undefined;
  const properties: Record<string, string> = {};
  if (state.sessionId) properties.$session_id = state.sessionId;
  if (state.deviceId) properties.$device_id = state.deviceId;
  return Object.keys(properties).length > 0 ? properties : undefined;
}
