import { contextFromRequest } from '../context/request-context.js';
import type { PostHogClient } from '../client/posthog.js';

/** The part of Hono's context the middleware reads. */
export interface HonoContextLike {
  req: { raw: Request };
}

/**
 * Hono middleware: runs the handler chain inside a PostHog request context.
 * @example app.use('*', posthogHono(posthog))
 */
export function posthogHono(client: PostHogClient) {
  return (c: HonoContextLike, next: () => Promise<void>): Promise<void> => {
    const request = c.req.raw;
    return client.withContext(contextFromRequest({ headers: request.headers, method: request.method, url: request.url }), next);
  };
}
