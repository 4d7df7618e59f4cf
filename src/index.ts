/**
 * posthog-ts for Node.js: the client wired to the Node platform (global fetch, node:zlib gzip,
 * AsyncLocalStorage, unref'd timers).
 * @packageDocumentation
 */
import { PostHogClient } from './client/posthog.js';
import type { PostHogOptions } from './client/options.js';
import { createNodePlatform } from './platform/node.js';

/**
 * The PostHog client for Node.js.
 * @example
 * import { PostHog } from 'posthog-ts'
 * const posthog = new PostHog(process.env.POSTHOG_API_KEY, { host: 'https://eu.i.posthog.com' })
 */
export class PostHog extends PostHogClient {
  constructor(apiKey: string, options: PostHogOptions = {}) {
    super(apiKey, options, createNodePlatform);
  }
}

export * from './public-api.js';
