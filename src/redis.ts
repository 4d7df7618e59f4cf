/**
 * Flag definitions shared by a fleet through Redis: one definitions request per poll interval for
 * all processes instead of one each. Uses the `redis` package (an optional peer dependency) when given
 * a URL, or any client you pass.
 * @packageDocumentation
 */
export { createRedisFlagDefinitionsCache, type RedisFlagDefinitionsCacheOptions } from './integrations/redis/definitions-cache.js';
export type { RedisCommandClient } from './integrations/redis/redis-link.js';
