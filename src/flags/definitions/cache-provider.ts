import type { DefinitionsPayload } from './payload.js';

/**
 * A store for the raw flag-definitions payload shared by many processes (Redis, a KV store, a file).
 * The client reads it before going to the network and writes every fresh payload it loads. Errors
 * thrown here are logged and never erase definitions the client already has.
 */
export interface FlagDefinitionsCache {
  /** Returns the stored payload, or `undefined` when there is none. */
  get(): Promise<DefinitionsPayload | undefined> | DefinitionsPayload | undefined;
  /** Stores a payload the client just loaded from PostHog. */
  set(payload: DefinitionsPayload): Promise<void> | void;
  /**
   * Whether this process should fetch from PostHog now (e.g. it holds a distributed lock). When it
   * returns false the client only reads the cache. Missing or throwing means "fetch".
   */
  shouldFetch?(): Promise<boolean> | boolean;
  /** Called once from `shutdown()`. */
  shutdown?(): Promise<void> | void;
}
