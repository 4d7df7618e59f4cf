import { Observable, throwError } from 'rxjs';
import { catchError } from 'rxjs/operators';
import { requestContextFor } from '../context/client-request-context.js';
import type { ContextOptions, IncomingRequestLike, RequestContext } from '../context/request-context.js';
import { notifyContextListeners } from '../context/context-listeners.js';

// NestJS's own types are not a dependency: the interceptor is typed by the shapes Nest passes.
interface HttpArgumentsHost {
  // biome-ignore lint/suspicious/noExplicitAny: Nest types these generically, as posthog-node mirrors.
  getRequest<T = any>(): T;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  getResponse<T = any>(): T;
}
interface ExecutionContext {
  switchToHttp(): HttpArgumentsHost;
}
interface CallHandler<T = unknown> {
  handle(): Observable<T>;
}

/** What the interceptor uses of the client. */
export interface NestInterceptorClient {
  readonly apiKey: string;
  readonly options: { readonly disableCaptureUrlHashes: boolean; readonly readPostHogCookie: boolean };
  /** The request context in force. */
  getContext(): RequestContext | undefined;
  /** Runs `fn` in a request context. */
  withContext<R>(context: RequestContext, fn: () => R, options?: ContextOptions): R;
  /** Reports an error as `$exception`. */
  captureException(error: unknown, distinctId?: string, properties?: Record<string, unknown>): unknown;
}

/** Which errors the interceptor reports. */
export interface ExceptionCaptureOptions {
  /** Errors with an HTTP status below this are not reported. @default 500 */
  minStatusToCapture?: number;
}

/** Options of {@link PostHogInterceptor} (posthog-node's `PostHogInterceptorOptions`). */
export interface PostHogInterceptorOptions {
  /** Report errors thrown by handlers as `$exception` (then rethrow them). @default false */
  captureExceptions?: boolean | ExceptionCaptureOptions;
  /** The distinct id of a request (e.g. from your auth); headers and the enclosing context follow. */
  // biome-ignore lint/suspicious/noExplicitAny: the request type is the app's (Express or Fastify).
  getDistinctId?: (request: any) => string | undefined;
}

const statusOf = (error: unknown): number | undefined => {
  const getStatus = (error as { getStatus?: unknown } | null)?.getStatus;
  if (typeof getStatus !== 'function') return undefined;
  const status = getStatus.call(error);
  return typeof status === 'number' ? status : undefined;
};

const alreadyCaptured = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { __posthog_previously_captured_error?: unknown }).__posthog_previously_captured_error === true;

/**
 * A NestJS interceptor (posthog-node's `PostHogInterceptor`): each request's handler runs in its own
 * PostHog request context — the distinct id from `getDistinctId`, else the tracing headers (or the
 * PostHog cookie with `readPostHogCookie`), else an enclosing context; `$current_url`,
 * `$request_method`, `$request_path`, `$user_agent`, `$ip` — and, with `captureExceptions`, errors of
 * status ≥ 500 (or without one) are reported as `$exception` before they go on.
 * @example app.useGlobalInterceptors(new PostHogInterceptor(posthog, { captureExceptions: true }))
 */
export class PostHogInterceptor {
  private readonly captureExceptions: boolean;
  private readonly minStatusToCapture: number;

  constructor(
    private readonly posthog: NestInterceptorClient,
    private readonly interceptorOptions: PostHogInterceptorOptions = {},
  ) {
    const capture = interceptorOptions.captureExceptions;
    this.captureExceptions = capture === true || (typeof capture === 'object' && capture !== null);
    this.minStatusToCapture = (typeof capture === 'object' && capture !== null ? capture.minStatusToCapture : undefined) ?? 500;
  }

  private resolveDistinctId(request: unknown): string | undefined {
    try {
      const id = this.interceptorOptions.getDistinctId?.(request);
      return typeof id === 'string' && id.trim() !== '' ? id : undefined;
    } catch {
      return undefined; // a failing resolver falls back to the headers
    }
  }

  /** @internal Nest calls it for each request. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<IncomingRequestLike & { path?: string }>();
    const response = http.getResponse<{ statusCode?: number } | undefined>();
    const { apiKey, options } = this.posthog;
    const fromRequest = requestContextFor(request ?? {}, { apiKey, disableCaptureUrlHashes: options.disableCaptureUrlHashes, readPostHogCookie: options.readPostHogCookie });
    return new Observable((subscriber) => {
      // Read on subscription, inside the request's own async context.
      const existing = this.posthog.getContext();
      const distinctId = this.resolveDistinctId(request) ?? fromRequest.distinctId ?? existing?.distinctId;
      const sessionId = fromRequest.sessionId ?? existing?.sessionId;
      const requestContext: RequestContext = { properties: fromRequest.properties };
      if (distinctId !== undefined) requestContext.distinctId = distinctId;
      if (sessionId !== undefined) requestContext.sessionId = sessionId;
      return this.posthog.withContext(
        requestContext,
        () => {
          notifyContextListeners(this.posthog, true);
          let source = next.handle();
          if (this.captureExceptions) {
            source = source.pipe(
              catchError((error: unknown) => {
                const status = statusOf(error);
                if (!alreadyCaptured(error) && (status === undefined || status >= this.minStatusToCapture)) {
                  const responseStatus = status ?? response?.statusCode;
                  this.posthog.captureException(error, distinctId, responseStatus === undefined ? undefined : { $response_status_code: responseStatus });
                }
                return throwError(() => error);
              }),
            );
          }
          return source.subscribe(subscriber);
        },
        { fresh: true },
      );
    });
  }
}
