/** A request as the SDK makes it through a custom `fetch` (posthog-node's `PostHogFetchOptions`). */
export interface FetchOptionsLike {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  mode?: 'no-cors';
  credentials?: 'omit';
  headers: { [key: string]: string };
  body?: string | Blob | (Uint8Array & { buffer: ArrayBuffer });
  signal?: AbortSignal;
  /**
   * `'manual'` on requests that must not follow a redirect (capture, and the definitions request,
   * which carries the personal API key): a fetch that follows redirects itself must not.
   */
  redirect?: 'manual' | 'follow' | 'error';
}

/**
 * What a custom `fetch` must return, at the least (posthog-node's `PostHogFetchResponse`): a status,
 * the body as text and JSON, and optionally headers (for `Retry-After` and `ETag`) and the body
 * stream (cancelled when unread). A WHATWG `Response` fits, so does an axios or undici adapter.
 */
export interface FetchResponseLike {
  status: number;
  /** The body as text. */
  text: () => Promise<string>;
  /** The body as JSON. */
  json: () => Promise<unknown>;
  headers?: {
    /** A header's value, or `null`. */
    get(name: string): string | null;
  };
  body?: ReadableStream<Uint8Array> | null;
}

/** A custom fetch: the global `fetch`, or any function of posthog-node's shape. */
export type FetchLike = (url: string, options: FetchOptionsLike) => Promise<FetchResponseLike>;

const NO_HEADERS = { get: () => null };

/**
 * Wraps a custom fetch of posthog-node's minimal shape into the `fetch` the SDK calls: plain
 * headers in, a `Response`-like object out whose `headers.get` always exists. @internal
 */
export function adaptFetch(custom: FetchLike): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await custom(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, {
      method: (init?.method ?? 'GET') as FetchOptionsLike['method'],
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: init?.body as FetchOptionsLike['body'],
      signal: init?.signal ?? undefined,
      ...(init?.redirect !== undefined ? { redirect: init.redirect } : {}),
    });
    if (response instanceof Response) return response;
    const status = Number(response?.status);
    return {
      status,
      ok: status >= 200 && status < 300,
      headers: typeof response?.headers?.get === 'function' ? response.headers : NO_HEADERS,
      body: response?.body ?? null,
      text: () => response.text(),
      json: () => response.json(),
    } as unknown as Response;
  }) as typeof fetch;
}
