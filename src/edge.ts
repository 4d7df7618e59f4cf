/**
 * posthog-ts for Bun, Deno, Cloudflare workerd and Vercel edge: the same client on web-standard APIs
 * (fetch, CompressionStream) with no Node built-ins.
 * @packageDocumentation
 */
import { PostHogClient } from './client/posthog.js';
import type { PostHogOptions } from './client/options.js';
import { createWebPlatform } from './platform/web.js';

/** The PostHog client for web-standard runtimes. */
export class PostHog extends PostHogClient {
  constructor(apiKey: string, options: PostHogOptions = {}) {
    super(apiKey, options, createWebPlatform);
  }
}

export * from './public-api.js';
