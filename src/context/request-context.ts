import { FlagPropertyOverrides } from '../flags/flag-property-overrides.js';
import type { ContextStorage } from '../platform/platform.js';
import { type HeaderSource, DISTINCT_ID_HEADER, SESSION_ID_HEADER, readHeader, sanitizeHeaderValue } from './tracing-headers.js';

/**
 * Who and what a request is about. Captures and flag calls inside {@link PostHogClient.withContext}
 * use it when they are not given a distinct id; its properties sit under per-call properties.
 */
export interface RequestContext {
  /** The user of this request, e.g. from the `X-PostHog-Distinct-Id` header. */
  distinctId?: string;
  /** The browser session, sent as `$session_id`. */
  sessionId?: string;
  /** Extra properties for every event of the request (`$current_url`, `$request_method` …). */
  properties?: Record<string, unknown>;
}

/** How a context relates to the one it is entered in (posthog-node's `ContextOptions`). */
export interface ContextOptions {
  /** Start from an empty context instead of merging over the enclosing one. @default false */
  fresh?: boolean;
  /**
   * Ends the context (and the ones inherited from it) when aborted; the code keeps running, outside
   * it. An already aborted signal starts no context. A `fresh` context ignores its parent's signals.
   */
  signal?: AbortSignal;
}

/** Where a request context keeps its flag-property overrides (not part of the public shape). */
const FLAG_OVERRIDES = Symbol('posthog-ts flag property overrides');
/** The abort signals that end a context: its own and its parents'. */
const LIFETIME = Symbol('posthog-ts context lifetime');

type StoredContext = RequestContext & { [FLAG_OVERRIDES]?: FlagPropertyOverrides; [LIFETIME]?: AbortSignal[] };

/**
 * What the async-context storage holds: the request context and the active span, each optional, so
 * a span can be active outside any request context and a request context can enter inside a span.
 */
interface Frame {
  readonly request: StoredContext | undefined;
  readonly span: unknown;
}

/**
 * Reads and writes the current request context and the active span on the runtime's async-context
 * storage. Without that storage, a request context is not kept and a span is active only while its
 * callback runs synchronously.
 * @internal
 */
export class ContextStore {
  private syncSpan: unknown;

  constructor(private readonly storage: ContextStorage | undefined) {}

  /** Whether this runtime can carry a context across awaits. */
  get supported(): boolean {
    return this.storage !== undefined;
  }

  /** Runs `fn` with `context` as the current context (merged over the enclosing one unless `fresh`). */
  run<R>(context: RequestContext, fn: () => R, options: ContextOptions = {}): R {
    if (this.storage === undefined) return fn();
    return this.storage.run({ request: this.resolve(context, options), span: this.frame()?.span } satisfies Frame, fn);
  }

  /**
   * Makes `context` the current one for the rest of the current async execution (AsyncLocalStorage
   * `enterWith`), merged like {@link run}; the active span stays. Returns false where the runtime cannot.
   */
  enter(context: RequestContext, options: ContextOptions = {}): boolean {
    if (this.storage?.enter === undefined) return false;
    this.storage.enter({ request: this.resolve(context, options), span: this.frame()?.span } satisfies Frame);
    return true;
  }

  private resolve(context: RequestContext, options: ContextOptions): StoredContext {
    const fresh = options.fresh === true;
    const outer = fresh ? undefined : (this.current() as StoredContext | undefined);
    const given = context !== null && typeof context === 'object' ? context : {};
    const merged: StoredContext = outer === undefined ? { ...given } : {
      distinctId: given.distinctId ?? outer.distinctId,
      sessionId: given.sessionId ?? outer.sessionId,
      properties: { ...outer.properties, ...given.properties },
    };
    // An inner context starts from a copy of its parent's flag overrides and never changes them.
    const inherited = outer?.[FLAG_OVERRIDES];
    if (inherited !== undefined) merged[FLAG_OVERRIDES] = inherited.clone();
    const signals = [...(outer?.[LIFETIME] ?? []), ...(options.signal !== undefined ? [options.signal] : [])];
    if (signals.length > 0) merged[LIFETIME] = signals;
    return merged;
  }

  /** Runs `fn` with `span` as the active span; the request context in force stays the same object. */
  runWithSpan<R>(span: unknown, fn: () => R): R {
    if (this.storage !== undefined) return this.storage.run({ request: this.frame()?.request, span } satisfies Frame, fn);
    const previous = this.syncSpan;
    this.syncSpan = span;
    try {
      return fn();
    } finally {
      this.syncSpan = previous;
    }
  }

  /** The active span, or `undefined` outside any. */
  activeSpan(): unknown {
    return this.storage === undefined ? this.syncSpan : this.frame()?.span;
  }

  /**
   * The current request context's flag-property overrides; with `create`, made on first use.
   * `undefined` outside any context.
   */
  flagOverrides(create: boolean): FlagPropertyOverrides | undefined {
    const context = this.current() as StoredContext | undefined;
    if (context === undefined) return undefined;
    if (create) context[FLAG_OVERRIDES] ??= new FlagPropertyOverrides();
    return context[FLAG_OVERRIDES];
  }

  /** The current context, or `undefined` outside any (or once one of its signals aborted). */
  current(): RequestContext | undefined {
    const context = this.frame()?.request;
    const lifetime = context?.[LIFETIME];
    if (lifetime?.some((signal) => signal.aborted)) return undefined;
    return context;
  }

  private frame(): Frame | undefined {
    return this.storage?.get() as Frame | undefined;
  }
}

/** A minimal view of an incoming request: what the middleware needs from Node, Express, Fastify or Fetch. */
export interface IncomingRequestLike {
  headers?: HeaderSource;
  method?: string;
  url?: string;
  /** Express / Fastify: the client address. */
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** How {@link contextFromRequest} reads a request. */
export interface ContextFromRequestOptions {
  /**
   * Build `$current_url` from the `Host` header when the request URL is only a path (Node, Express,
   * Fastify). Any client can send any `Host`, so it is not trusted unless you say so — do, when a
   * proxy you run sets it. An absolute request URL (fetch-style runtimes build one) is used as is.
   * @default false
   */
  trustHostHeader?: boolean;
}

/**
 * Builds a request context from an incoming request: tracing headers (sanitised), `$current_url`
 * (the path, or with `trustHostHeader` the URL on the `Host` header), `$request_method`,
 * `$request_path`, `$user_agent`, `$ip` (first `X-Forwarded-For` entry, else the socket address).
 * Every value is capped at 1,000 characters with control characters removed. Header values are
 * hints for analytics, never authentication.
 * @example app.use((req, res, next) => posthog.withContext(contextFromRequest(req, { trustHostHeader: true }), next))
 */
export function contextFromRequest(request: IncomingRequestLike, options: ContextFromRequestOptions = {}): RequestContext {
  const headers = request.headers;
  const properties: Record<string, unknown> = {};
  const method = sanitizeHeaderValue(request.method);
  if (method !== undefined) properties.$request_method = method;
  const url = sanitizeHeaderValue(request.url);
  if (url !== undefined) {
    const absolute = /^https?:\/\//i.test(url);
    const host = absolute || options.trustHostHeader !== true ? undefined : sanitizeHeaderValue(readHeader(headers, 'host'));
    try {
      const parsed = new URL(url, host ? `http://${host}` : 'http://localhost');
      properties.$current_url = sanitizeHeaderValue(absolute || host ? parsed.href : url);
      properties.$request_path = sanitizeHeaderValue(parsed.pathname);
    } catch {
      properties.$current_url = url;
      properties.$request_path = url;
    }
  }
  const userAgent = sanitizeHeaderValue(readHeader(headers, 'user-agent'));
  if (userAgent !== undefined) properties.$user_agent = userAgent;
  const forwarded = sanitizeHeaderValue(readHeader(headers, 'x-forwarded-for'));
  const ip = forwarded?.split(',')[0]?.trim() || request.ip || request.socket?.remoteAddress;
  if (ip) properties.$ip = ip;
  const sessionId = sanitizeHeaderValue(readHeader(headers, SESSION_ID_HEADER));
  if (sessionId !== undefined) properties.$session_id = sessionId;
  return { distinctId: sanitizeHeaderValue(readHeader(headers, DISTINCT_ID_HEADER)), sessionId, properties };
}
