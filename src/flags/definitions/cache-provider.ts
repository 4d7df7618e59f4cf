import type { DefinitionsPayload } from './payload.js';

/**
 * A store for the raw flag-definitions payload shared by many processes (Redis, a KV store, a file).
 * The client reads it before going to the network and writes every fresh payload it loads. Errors
 * thrown here are logged and never erase definitions the client already has.
 * `posthog-ts/redis` ships one on Redis.
 */
export interface FlagDefinitionsCache {
  /**
   * Returns the stored payload, or `undefined` when there is none. Returning the very same object
   * as last time (or as last given to `set`) tells the client nothing changed, so it is not compiled again.
   */
  get(): Promise<DefinitionsPayload | undefined> | DefinitionsPayload | undefined;
  /** Stores a payload the client just loaded from PostHog, with the `ETag` PostHog sent for it. */
  set(payload: DefinitionsPayload, etag?: string): Promise<void> | void;
  /**
   * The `ETag` of the payload `get()` returned last, so that the next process to fetch can ask
   * PostHog with `If-None-Match` and get a `304` when nothing changed. Optional.
   */
  etag?(): Promise<string | undefined> | string | undefined;
  /**
   * Whether this process should fetch from PostHog now (e.g. it holds a distributed lock). When it
   * returns false the client only reads the cache. Missing or throwing means "fetch".
   */
  shouldFetch?(): Promise<boolean> | boolean;
  /** Called once from `shutdown()`. */
  shutdown?(): Promise<void> | void;
}
