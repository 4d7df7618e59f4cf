import { contextFromRequest } from '../context/request-context.js';
import type { PostHogClient } from '../client/posthog.js';

/**
 * Wraps a `(request) => Response` handler (Next.js route handlers, Bun.serve, Deno.serve, workers)
 * so it runs inside a PostHog request context read from the request's tracing headers.
 * @example export const GET = withPostHogContext(posthog, async (request) => new Response('ok'))
 */
export function withPostHogContext<A extends unknown[], R>(
  client: PostHogClient,
  handler: (request: Request, ...rest: A) => R,
): (request: Request, ...rest: A) => R {
  return (request, ...rest) =>
    client.withContext(contextFromRequest({ headers: request.headers, method: request.method, url: request.url }), () => handler(request, ...rest));
}
