import type { BeforeSendFn } from '../messages/before-send.js';
import type { FlagDefinitionCacheInput, FlagDefinitionCacheProvider } from '../flags/definitions/cache-provider.js';
import type { FetchLike } from '../platform/custom-fetch.js';
import type { MetricsConfig } from '../metrics/metrics-config.js';

/**
 * The options posthog-node 5.x accepts under its own names, with its meanings, so a posthog-node
 * configuration means the same here. Where posthog-ts has its own name for the same setting the
 * two are aliases and **posthog-ts's own name wins** when both are given (with a warning when they
 * disagree). Options that only matter to PostHog's browser and mobile SDKs are accepted and have no
 * effect, as in posthog-node. `docs/migrating-from-posthog-node.md` lists every one.
 */
export interface PostHogNodeOptions {
  /** posthog-node's name for `beforeSend` (same hook, same message shape). */
  before_send?: BeforeSendFn | BeforeSendFn[];
  /** posthog-node's name for `personalApiKey`: a project secret key (`phs_…`) or personal API key (`phx_…`). */
  secretKey?: string;
  /** posthog-node's name for `maxRetries` (capture requests). @default 3 */
  fetchRetryCount?: number;
  /** posthog-node's name for `retryDelay`, the first backoff in ms. posthog-ts's default is 250 (posthog-node's 3000). */
  fetchRetryDelay?: number;
  /** posthog-node's name for `featureFlagsRequestRetries`. @default 1 */
  featureFlagsRequestMaxRetries?: number;
  /** posthog-node's name for `flagCalledCacheSize` (`$feature_flag_called` de-duplication entries). @default 50000 */
  maxCacheSize?: number;
  /** posthog-node's shared definitions cache; wrapped into a `flagDefinitionsCache`. */
  flagDefinitionCacheProvider?: FlagDefinitionCacheProvider<FlagDefinitionCacheInput>;
  /** With `false`, the personal API key is kept for `getRemoteConfigPayload` but definitions are never loaded. @default true */
  enableLocalEvaluation?: boolean;
  /** Browser and mobile SDK option (their remote config); no effect here, as in posthog-node, whose `getRemoteConfigPayload` is bounded by `requestTimeout`. */
  remoteConfigRequestTimeoutMs?: number;
  /**
   * Evaluate only flags tagged with one of these contexts (plus untagged ones): definitions tagged
   * for other contexts are left out of local evaluation and `/flags` receives the list.
   */
  evaluationContexts?: readonly string[];
  /** Deprecated name of `evaluationContexts` (used when that is absent). */
  evaluationEnvironments?: readonly string[];
  /** With `false`, captures are dropped until `optIn()` (the client starts opted out). @default true */
  defaultOptIn?: boolean;
  /** Debounce of the serverless flush after the last capture, in ms. @default 50 */
  waitUntilDebounceMs?: number;
  /** Longest wait of the serverless flush after the first capture of a burst, in ms. @default 500 */
  waitUntilMaxWaitMs?: number;
  /** Redact prompts and outputs in events of PostHog's AI integrations (`@posthog/ai`), read from `client.privacyMode`. @default false */
  privacyMode?: boolean;
  /** Let PostHog's AI integrations capture full content, read from `client.enableFullAiCapture`. @default false */
  enableFullAiCapture?: boolean;
  /** Integrations (Express, NestJS, fetch handlers) leave the `#hash` out of `$current_url`. @default false */
  disable_capture_url_hashes?: boolean;
  /** More user-agent substrings treated as bots by `__preview_capture_bot_pageviews`. @default [] */
  custom_blocked_useragents?: string[];
  /**
   * Preview, as in posthog-node: a `$pageview` whose `$raw_user_agent` is a bot's is sent as
   * `$bot_pageview` with `$browser_type: 'bot'`. @default false
   */
  __preview_capture_bot_pageviews?: boolean;
  /** With `false`, `evaluateFlags()` snapshots do not warn about reads of unknown or unevaluated flags. @default true */
  featureFlagsLogWarnings?: boolean;
  /** Configuration of `client.metrics` (service name, flush interval, hooks). */
  metrics?: MetricsConfig;
  /** PostHog app host for `client.emails` (derived from `host` on PostHog Cloud). */
  appHost?: string;
  /** Timeout of one `emails` request in ms. @default 15000 */
  emailRequestTimeoutMs?: number;
  /** Retries of an `emails.send` after a network error, 429 or 503 (same idempotency key). @default 2 */
  emailRequestMaxRetries?: number;
  /** Sent with `emails` requests to say which email service the project migrated from. */
  migratedFrom?: string;
  /** Token-bucket refill (tokens per 10 s, per exception type) of exception autocapture. @default 1 */
  exceptionRateLimiterRefillRate?: number;
  /** Token-bucket size (per exception type) of exception autocapture. @default 10 */
  exceptionRateLimiterBucketSize?: number;
  /**
   * The Express and NestJS integrations read the browser's PostHog cookie (`ph_<token>_posthog`)
   * for the distinct id and session when the tracing headers are absent. @default false
   */
  readPostHogCookie?: boolean | { sessionIdleTimeoutSeconds?: number; optOutCapturingByDefault?: boolean };
  /** Echoed by `client.preloadFeatureFlags`; a server client loads definitions when it has a key. @default true */
  preloadFeatureFlags?: boolean;
  /** Echoed by `client.disableSurveys`; surveys are a browser feature. @default false */
  disableSurveys?: boolean;
  /** Browser and mobile SDK option; no effect on a server client (as in posthog-node). */
  disableRemoteFeatureFlags?: boolean;
  /** Browser and mobile SDK option; no effect on a server client (as in posthog-node). */
  disableRemoteConfig?: boolean;
  /** Browser and mobile SDK option; no effect on a server client (as in posthog-node). */
  bootstrap?: {
    distinctId?: string;
    isIdentifiedId?: boolean;
    featureFlags?: Record<string, string | boolean>;
    featureFlagPayloads?: Record<string, unknown>;
  };
  /** Browser and mobile SDK option; no effect on a server client (as in posthog-node). */
  sessionExpirationTimeSeconds?: number;
  /** Browser and mobile SDK option; no effect on a server client (as in posthog-node). */
  personProfiles?: 'always' | 'identified_only' | 'never';
  /** Browser and mobile SDK option; no effect on a server client (as in posthog-node). */
  addTracingHeaders?: string[];
  /** Only `'memory'` exists on a server client; accepted for posthog-node configurations. */
  persistence?: 'memory';
}

/** posthog-node option types that differ from posthog-ts's for the same name; merged into {@link PostHogOptions}. */
export interface PostHogNodeSharedOptionTypes {
  /** The fetch to use instead of the global one: `fetch` itself, or posthog-node's minimal shape. */
  fetch?: FetchLike;
  /**
   * Milliseconds between flag-definition loads; values below 100 are raised to 100 (as
   * posthog-node); `null` loads once and never polls (call `reloadFeatureFlags()` to refresh).
   * @default 30000
   */
  featureFlagsPollingInterval?: number | null;
}
