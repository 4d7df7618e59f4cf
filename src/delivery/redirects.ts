import { excerpt } from '../base/excerpt.js';

/** The statuses fetch follows as redirects; 304 (Not Modified) is an answer, not a redirect. @internal */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** A redirect the SDK did not follow. @internal */
export interface Redirect {
  status: number;
  /** Where it points, made absolute; `undefined` when the runtime hides it (an opaque redirect). */
  location: string | undefined;
}

/** What a redirect is read from: a `Response`, or a capture answer sent another way. @internal */
export interface RedirectHead {
  readonly status: number;
  readonly type?: string;
  readonly headers: { get(name: string): string | null };
}

/**
 * The redirect a response (fetched with `redirect: 'manual'`) answers with, or `undefined` when it
 * is not one. Browsers' fetch hides a manual redirect as an `opaqueredirect` with status 0; server
 * runtimes hand over the 3xx itself.
 * @internal
 */
export function redirectOf(response: RedirectHead, requestUrl: string): Redirect | undefined {
  if (response.type === 'opaqueredirect') return { status: response.status, location: undefined };
  if (!REDIRECT_STATUSES.has(response.status)) return undefined;
  const raw = response.headers.get('location');
  if (raw === null) return { status: response.status, location: undefined };
  try {
    return { status: response.status, location: new URL(raw, requestUrl).href };
  } catch {
    return { status: response.status, location: raw };
  }
}

/** Whether two absolute URLs share scheme, host and port. @internal */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** `HTTP 301 redirect to https://…`, the location cut for a log line. @internal */
export function describeRedirect(redirect: Redirect): string {
  return `HTTP ${redirect.status} redirect to ${redirect.location === undefined ? 'an undisclosed location' : excerpt(redirect.location)}`;
}

/** Most redirects followed within one origin for one request. */
const MAX_SAME_ORIGIN_HOPS = 3;

/**
 * A GET that follows redirects only while they stay on the origin it started at, so headers that
 * carry a key (the personal API key of the definitions request) never reach another host — whatever
 * the fetch implementation does with credentials on redirects. Returns the last response and its
 * URL; when it is still a redirect (another origin, or too many hops), the caller reports it.
 * @internal
 */
export async function fetchWithinOrigin(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit & { method: 'GET' },
): Promise<{ response: Response; url: string }> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetchFn(current, { ...init, redirect: 'manual' });
    const redirect = redirectOf(response, current);
    if (redirect?.location === undefined || hop === MAX_SAME_ORIGIN_HOPS || !sameOrigin(redirect.location, url)) return { response, url: current };
    await response.body?.cancel().catch(() => {});
    current = redirect.location;
  }
}
