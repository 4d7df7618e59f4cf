/**
 * posthog-ts/experimental, as posthog-node's `posthog-node/experimental`: the flag definitions cache
 * provider types, also exported from the main entry.
 * @packageDocumentation
 */
export type { FlagDefinitionCacheData, FlagDefinitionCacheInput, FlagDefinitionCacheProvider } from './flags/definitions/cache-provider.js';
