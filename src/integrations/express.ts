import { type IncomingRequestLike, contextFromRequest } from '../context/request-context.js';
import type { PostHogClient } from '../client/posthog.js';

/**
 * Express (or Connect) middleware: every request runs inside a PostHog request context read from
 * its tracing headers, so `capture()` and flag calls in handlers need no distinct id.
 * @example app.use(posthogExpress(posthog))
 */
export function posthogExpress(client: PostHogClient) {
  return (request: IncomingRequestLike, _response: unknown, next: (error?: unknown) => void): void => {
    client.withContext(contextFromRequest(request), () => next());
  };
}
