import { requestContextFor } from '../context/client-request-context.js';
import { notifyContextListeners } from '../context/context-listeners.js';
import type { ContextOptions, IncomingRequestLike, RequestContext } from '../context/request-context.js';

/** What the Express request-context middleware uses of the client. */
export interface ExpressContextClient {
  readonly apiKey: string;
  readonly options: { readonly disableCaptureUrlHashes: boolean; readonly readPostHogCookie: boolean };
  /** Runs `fn` in a request context. */
  withContext<R>(context: RequestContext, fn: () => R, options?: ContextOptions): R;
}

/**
 * Adds a middleware to an Express app that runs each request in its own PostHog request context
 * (tracing headers, or the PostHog cookie with `readPostHogCookie`; `$current_url` and request
 * properties), as posthog-node's `setupExpressRequestContext`. Captures and flag calls in handlers
 * then need no distinct id.
 * @example setupExpressRequestContext(posthog, app)
 */
export function setupExpressRequestContext(
  posthog: ExpressContextClient,
  app: { use: (middleware: (request: IncomingRequestLike, response: unknown, next: (error?: unknown) => void) => void) => unknown },
): void {
  app.use((request, _response, next) => {
    const context = requestContextFor(request, { apiKey: posthog.apiKey, disableCaptureUrlHashes: posthog.options.disableCaptureUrlHashes, readPostHogCookie: posthog.options.readPostHogCookie });
    posthog.withContext(context, () => {
      notifyContextListeners(posthog, true);
      next();
    });
  });
}
