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

/** The definitions posthog-node hands a cache provider (camelCase and snake_case keys both present). */
export interface FlagDefinitionCacheData {
  flags: DefinitionsPayload['flags'];
  group_type_mapping?: Record<string, string>;
  groupTypeMapping: Record<string, string>;
  cohorts: NonNullable<DefinitionsPayload['cohorts']>;
  minimal_flag_called_events?: boolean;
  minimalFlagCalledEvents?: boolean;
  property_matching_version?: number;
  propertyMatchingVersion?: number;
}

/** What a cache provider may return: either key style for the group type mapping. */
export type FlagDefinitionCacheInput =
  | FlagDefinitionCacheData
  | (Omit<FlagDefinitionCacheData, 'groupTypeMapping'> & { group_type_mapping: Record<string, string>; groupTypeMapping?: Record<string, string> });

/**
 * posthog-node's shared definitions cache (option `flagDefinitionCacheProvider`); posthog-ts wraps
 * it into a {@link FlagDefinitionsCache}: `getFlagDefinitions` → `get`, `onFlagDefinitionsReceived`
 * → `set`, `shouldFetchFlagDefinitions` → `shouldFetch`.
 */
export interface FlagDefinitionCacheProvider<CacheData extends FlagDefinitionCacheInput = FlagDefinitionCacheData> {
  /** The stored definitions, or `undefined`. */
  getFlagDefinitions(): Promise<CacheData | undefined> | CacheData | undefined;
  /** Whether this process should fetch from PostHog now (e.g. it holds a lock). */
  shouldFetchFlagDefinitions(): Promise<boolean> | boolean;
  /** Definitions this process just loaded from PostHog, to store. */
  onFlagDefinitionsReceived(data: FlagDefinitionCacheData): Promise<void> | void;
  /** Called once from `shutdown()`. */
  shutdown(): Promise<void> | void;
}

/** Wraps posthog-node's cache provider into the cache posthog-ts reads and writes. @internal */
export function fromNodeCacheProvider(provider: FlagDefinitionCacheProvider<FlagDefinitionCacheInput>): FlagDefinitionsCache {
  return {
    async get() {
      const data = (await provider.getFlagDefinitions()) as Partial<FlagDefinitionCacheData> | undefined | null;
      if (data === undefined || data === null) return undefined;
      const payload: DefinitionsPayload = {
        flags: data.flags ?? [],
        group_type_mapping: data.group_type_mapping ?? data.groupTypeMapping ?? {},
        cohorts: data.cohorts ?? {},
      };
      const minimal = data.minimal_flag_called_events ?? data.minimalFlagCalledEvents;
      if (minimal !== undefined) payload.minimal_flag_called_events = minimal;
      const version = data.property_matching_version ?? data.propertyMatchingVersion;
      if (version !== undefined) payload.property_matching_version = version;
      return payload;
    },
    set(payload) {
      const groupTypeMapping = payload.group_type_mapping ?? {};
      const data: FlagDefinitionCacheData = { flags: payload.flags, group_type_mapping: groupTypeMapping, groupTypeMapping, cohorts: payload.cohorts ?? {} };
      if (payload.minimal_flag_called_events !== undefined) {
        data.minimal_flag_called_events = payload.minimal_flag_called_events;
        data.minimalFlagCalledEvents = payload.minimal_flag_called_events;
      }
      if (payload.property_matching_version !== undefined) {
        data.property_matching_version = payload.property_matching_version;
        data.propertyMatchingVersion = payload.property_matching_version;
      }
      return provider.onFlagDefinitionsReceived(data);
    },
    shouldFetch: () => provider.shouldFetchFlagDefinitions(),
    shutdown: () => provider.shutdown(),
  };
}
