import { type ContextFromRequestOptions, type IncomingRequestLike, contextFromRequest } from '../context/request-context.js';
import type { PostHogClient } from '../client/posthog.js';
import { type ExceptionBoundary, exceptionProperties } from '../exceptions/exception-event.js';
import { uuidv7 } from '../messages/uuid.js';

/**
 * Express (or Connect) middleware: every request runs inside a PostHog request context read from
 * its tracing headers, so `capture()` and flag calls in handlers need no distinct id.
 * `options.trustHostHeader`: build `$current_url` from the `Host` header (see {@link contextFromRequest}).
 * @example app.use(posthogExpress(posthog, { trustHostHeader: true }))
 */
export function posthogExpress(client: PostHogClient, options?: ContextFromRequestOptions) {
  return (request: IncomingRequestLike, _response: unknown, next: (error?: unknown) => void): void => {
    client.withContext(contextFromRequest(request, options), () => next());
  };
}

/** The part of an Express request the error handler reads. */
export interface ExpressRequestLike extends IncomingRequestLike {
  /** The URL before routers mounted on a path rewrote `url`. */
  originalUrl?: string;
}

/** The part of an Express response the error handler reads: whether and with what status it was sent. */
export interface ExpressResponseLike {
  /** Whether the status line and headers have gone out. */
  headersSent?: boolean;
  /** Whether the connection closed before the response was sent. */
  destroyed?: boolean;
  /** The status sent, once `headersSent`. */
  statusCode?: number;
  /** Listens once for the response to finish or its connection to close. */
  once(event: 'finish' | 'close', listener: () => void): unknown;
  /** Stops listening. */
  removeListener(event: 'finish' | 'close', listener: () => void): unknown;
}

/** An Express error handler: four parameters, which is how Express tells it from other middleware. */
export type ExpressErrorMiddleware = (error: unknown, request: ExpressRequestLike, response: ExpressResponseLike, next: (error?: unknown) => void) => void;

/** What {@link setupExpressErrorHandler} needs of an Express app. */
export interface ExpressAppLike {
  /** Adds middleware; Express tells an error handler by its four parameters. */
  use(middleware: ExpressErrorMiddleware): unknown;
}

/** Errors another PostHog integration already reported carry this flag (posthog-node's convention). */
function alreadyCaptured(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { __posthog_previously_captured_error?: unknown }).__posthog_previously_captured_error === true;
}

/** An error that reaches Express's error handlers was not handled by the route. */
const MIDDLEWARE_BOUNDARY: ExceptionBoundary = { type: 'middleware', handled: false, level: 'error' };

/**
 * How long to wait for the response to finish before reporting without a status code. The timer
 * is unref'd: it never holds the process open.
 */
const STATUS_WAIT_MS = 1000;

/** The status the response went out with, once it has; `undefined` if it never was sent. */
function responseStatus(response: ExpressResponseLike, report: (status: number | undefined) => void): void {
  const sentStatus = () => (response.headersSent === true ? response.statusCode : undefined);
  if (response.headersSent === true || response.destroyed === true) {
    report(sentStatus());
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = () => {
    clearTimeout(timer);
    response.removeListener('finish', done);
    response.removeListener('close', done);
    report(sentStatus());
  };
  timer = setTimeout(done, STATUS_WAIT_MS);
  (timer as { unref?: () => void }).unref?.();
  response.once('finish', done);
  response.once('close', done);
}

/**
 * An Express error handler that reports each error reaching it as a `$exception` event (mechanism
 * `middleware`, not handled), with the request's context (tracing-header identity, `$current_url`,
 * `$request_method`, …) and, once the response has gone out, `$response_status_code`; then passes
 * the error on with `next(error)`, so your own error handlers and Express's still answer. Without
 * a distinct id in the headers or the request context the event is personless.
 * @example posthogExpressErrorHandler(posthog) // app.use(...) after your routes
 */
export function posthogExpressErrorHandler(client: PostHogClient): ExpressErrorMiddleware {
  return (error, request, response, next) => {
    if (alreadyCaptured(error)) return next(error);
    try {
      // Express keeps headers and the client address on getters, which a spread would not copy.
      const { headers, method, ip, socket } = request;
      const fromRequest = contextFromRequest({ headers, method, ip, socket, url: request.originalUrl ?? request.url });
      const current = client.getContext();
      const distinctId = current?.distinctId ?? fromRequest.distinctId;
      const sessionId = current?.sessionId ?? fromRequest.sessionId;
      const properties = exceptionProperties(error, MIDDLEWARE_BOUNDARY, { ...fromRequest.properties, ...(sessionId === undefined ? {} : { $session_id: sessionId }) });
      responseStatus(response, (status) => {
        if (status !== undefined) properties.$response_status_code = status;
        if (distinctId !== undefined) client.capture({ distinctId, event: '$exception', properties });
        else client.capture({ distinctId: uuidv7(Date.now()), event: '$exception', properties: { ...properties, $process_person_profile: false } });
      });
    } catch {
      // Reporting must never change how the app answers: the error goes on to Express regardless.
    }
    next(error);
  };
}

/**
 * Reports route errors as `$exception` events, as posthog-node 5.x's function of the same name does:
 * registers {@link posthogExpressErrorHandler} on `app`. Call it after your routes and before your
 * own error handlers.
 * @example
 * app.get('/pay', () => { throw new Error('card declined') })
 * setupExpressErrorHandler(posthog, app)
 */
export function setupExpressErrorHandler(client: PostHogClient, app: ExpressAppLike): void {
  app.use(posthogExpressErrorHandler(client));
}
