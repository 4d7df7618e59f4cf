import { requestContextFor } from '../context/client-request-context.js';
import { notifyContextListeners } from '../context/context-listeners.js';
import type { ContextOptions, RequestContext } from '../context/request-context.js';
import type { Metrics } from '../metrics/metrics-config.js';

/** Name of the request-duration histogram (OpenTelemetry's HTTP semantic conventions), in seconds. */
export const HTTP_SERVER_REQUEST_DURATION_METRIC = 'http.server.request.duration';
/** Name of the request counter. */
export const HTTP_SERVER_REQUEST_COUNT_METRIC = 'http.server.request.count';

/** OpenTelemetry's recommended boundaries for the duration histogram, in seconds. */
const DURATION_BOUNDS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** Other method tokens become `_OTHER` (OpenTelemetry), so made-up methods cannot mint series. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'QUERY', 'TRACE']);

/** Options of {@link instrumentRequest} (posthog-node's `InstrumentRequestOptions`). */
export interface InstrumentRequestOptions {
  /** The route template (`/users/:id`) of a request, for `http.route`. */
  getRoute?: (request: Request, response: Response | undefined) => string | undefined;
  /** Requests to leave alone (health checks). */
  ignore?: (request: Request) => boolean;
}

/** A span, as `withSpan` hands it (posthog-ts's traces, when the client has them). */
interface SpanLike {
  updateName(name: string): unknown;
  setAttribute(key: string, value: string | number): unknown;
  setStatus(status: string): unknown;
}

/** What request instrumentation uses of the client. */
export interface RequestInstrumentationClient {
  readonly apiKey: string;
  readonly options: { readonly disableCaptureUrlHashes: boolean; readonly readPostHogCookie: boolean };
  readonly metrics: Metrics;
  /** The request context in force. */
  getContext(): RequestContext | undefined;
  /** Runs `fn` in a request context. */
  withContext<R>(context: RequestContext, fn: () => R, options?: ContextOptions): R;
}

const now = () => (globalThis.performance?.now() ?? Date.now());

/**
 * Runs a fetch-style handler (`Request` → `Response`) inside a PostHog request context and records
 * the request in `metrics` (`http.server.request.duration` in seconds and `http.server.request.count`,
 * by method, status and route), as posthog-node's `instrumentRequest`. When the client has traces
 * (`withSpan`), the handler also runs in a server span continuing the `traceparent` header. The
 * handler's result, or its error, passes through unchanged.
 * @example export const GET = (request: Request) => instrumentRequest(posthog, request, () => handle(request))
 */
export async function instrumentRequest(
  posthog: RequestInstrumentationClient,
  request: Request,
  handler: () => Response | Promise<Response>,
  options: InstrumentRequestOptions = {},
): Promise<Response> {
  if (options.ignore?.(request)) return handler();
  const fromRequest = requestContextFor(
    { headers: request.headers, method: request.method, url: request.url },
    { apiKey: posthog.apiKey, disableCaptureUrlHashes: posthog.options.disableCaptureUrlHashes, readPostHogCookie: posthog.options.readPostHogCookie },
  );
  const existing = posthog.getContext();
  const context: RequestContext = { properties: fromRequest.properties };
  const distinctId = existing?.distinctId ?? fromRequest.distinctId;
  const sessionId = existing?.sessionId ?? fromRequest.sessionId;
  if (distinctId !== undefined) context.distinctId = distinctId;
  if (sessionId !== undefined) context.sessionId = sessionId;
  const requested = request.method.toUpperCase();
  const method = KNOWN_METHODS.has(requested) ? requested : '_OTHER';
  const startedAt = now();
  const withSpan = (posthog as { withSpan?: <T>(name: string, options: object, fn: (span: SpanLike) => T) => T }).withSpan;

  const run = async (span: SpanLike | undefined): Promise<Response> => {
    let response: Response | undefined;
    let failure: { error: unknown } | undefined;
    try {
      response = await handler();
    } catch (error) {
      failure = { error };
    }
    let route: string | undefined;
    try {
      route = options.getRoute?.(request, response);
    } catch {
      // a broken route resolver must not break the request
    }
    const status = failure !== undefined ? 500 : (response?.status ?? 500);
    if (span !== undefined) {
      if (route) {
        span.updateName(`${method === '_OTHER' ? 'HTTP' : method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', status);
      if (failure === undefined && status >= 500) span.setStatus('error');
    }
    const attributes: Record<string, string | number> = { 'http.request.method': method, 'http.response.status_code': status, ...(route ? { 'http.route': route } : {}) };
    posthog.metrics.histogram(HTTP_SERVER_REQUEST_DURATION_METRIC, (now() - startedAt) / 1000, { unit: 's', attributes, bounds: DURATION_BOUNDS_SECONDS });
    posthog.metrics.count(HTTP_SERVER_REQUEST_COUNT_METRIC, 1, { attributes });
    if (failure !== undefined) throw failure.error;
    return response as Response;
  };

  return posthog.withContext(context, () => {
    notifyContextListeners(posthog, true);
    if (typeof withSpan !== 'function') return run(undefined);
    return withSpan.call(
      posthog,
      method === '_OTHER' ? 'HTTP' : method,
      { kind: 'server', parent: request.headers.get('traceparent') ?? undefined, attributes: { 'http.request.method': method } },
      (span: SpanLike) => run(span),
    ) as Promise<Response>;
  });
}

/** The part of a Hono context the middleware uses. */
export interface HonoInstrumentationContext {
  req: { raw: Request; routePath: string };
  res: Response;
}

/**
 * Hono middleware doing {@link instrumentRequest} for every request, with Hono's matched route as
 * `http.route` (posthog-node's `posthogHonoMiddleware`).
 * @example app.use(posthogHonoMiddleware(posthog))
 */
export function posthogHonoMiddleware(
  posthog: RequestInstrumentationClient,
  options: Omit<InstrumentRequestOptions, 'getRoute'> = {},
): (c: HonoInstrumentationContext, next: () => Promise<void>) => Promise<void> {
  return async (c, next) => {
    c.res = await instrumentRequest(
      posthog,
      c.req.raw,
      async () => {
        await next();
        return c.res;
      },
      { ...options, getRoute: () => (c.req.routePath && c.req.routePath !== '/*' ? c.req.routePath : undefined) },
    );
  };
}
