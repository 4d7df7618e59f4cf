import { type ContextFromRequestOptions, type IncomingRequestLike, contextFromRequest } from '../context/request-context.js';
import type { PostHogClient } from '../client/posthog.js';

/**
 * A Fastify `onRequest` hook that runs the rest of the request inside a PostHog request context.
 * `options.trustHostHeader`: build `$current_url` from the `Host` header (see {@link contextFromRequest}).
 * @example fastify.addHook('onRequest', posthogFastify(posthog))
 */
export function posthogFastify(client: PostHogClient, options?: ContextFromRequestOptions) {
  return (request: IncomingRequestLike & { raw?: IncomingRequestLike }, _reply: unknown, done: (error?: Error) => void): void => {
    const source = { ...request.raw, ...request, headers: request.headers ?? request.raw?.headers };
    client.withContext(contextFromRequest(source, options), () => done());
  };
}
