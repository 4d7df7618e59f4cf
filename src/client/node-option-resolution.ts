import { PostHogValidationError } from '../base/errors.js';
import { fromNodeCacheProvider } from '../flags/definitions/cache-provider.js';
import { WAIT_UNTIL_DEBOUNCE_MS, WAIT_UNTIL_MAX_WAIT_MS } from './wait-until.js';
import type { PostHogOptionFields, PostHogOptions } from './options.js';

/** The resolved values of posthog-node's own options (part of the client's resolved options). @internal */
export interface ResolvedNodeOptions {
  readonly defaultOptIn: boolean;
  readonly evaluationContexts: readonly string[] | undefined;
  readonly waitUntilDebounceMs: number;
  readonly waitUntilMaxWaitMs: number;
  readonly enableLocalEvaluation: boolean;
  readonly privacyMode: boolean;
  readonly enableFullAiCapture: boolean;
  readonly preloadFeatureFlags: boolean;
  readonly disableSurveys: boolean;
  readonly disableCaptureUrlHashes: boolean;
  readonly readPostHogCookie: boolean;
  readonly featureFlagsLogWarnings: boolean;
  readonly captureBotPageviews: boolean;
  readonly blockedUserAgents: readonly string[];
  readonly exceptionRateLimit: { readonly refillRate: number; readonly bucketSize: number };
}

const nonNegative = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : fallback);
const inRange = (value: unknown, fallback: number, max: number): number => (typeof value === 'number' && value >= 0 && value <= max ? value : fallback);

/** Defaults and checks of posthog-node's own options. @internal */
export function resolveNodeOptions(options: PostHogOptions, warn: (message: string) => void): ResolvedNodeOptions {
  const contexts = options.evaluationContexts ?? options.evaluationEnvironments;
  if (options.evaluationEnvironments !== undefined && options.evaluationContexts === undefined) warn('evaluationEnvironments is deprecated; use evaluationContexts');
  return {
    defaultOptIn: options.defaultOptIn !== false,
    evaluationContexts: Array.isArray(contexts) && contexts.length > 0 ? Object.freeze(contexts.filter((c) => typeof c === 'string')) : undefined,
    waitUntilDebounceMs: nonNegative(options.waitUntilDebounceMs, WAIT_UNTIL_DEBOUNCE_MS),
    waitUntilMaxWaitMs: nonNegative(options.waitUntilMaxWaitMs, WAIT_UNTIL_MAX_WAIT_MS),
    enableLocalEvaluation: options.enableLocalEvaluation !== false,
    privacyMode: options.privacyMode === true,
    enableFullAiCapture: options.enableFullAiCapture === true,
    preloadFeatureFlags: options.preloadFeatureFlags !== false,
    disableSurveys: options.disableSurveys === true,
    disableCaptureUrlHashes: options.disable_capture_url_hashes === true,
    readPostHogCookie: options.readPostHogCookie !== undefined && options.readPostHogCookie !== false,
    featureFlagsLogWarnings: options.featureFlagsLogWarnings !== false,
    captureBotPageviews: options.__preview_capture_bot_pageviews === true,
    blockedUserAgents: Object.freeze(Array.isArray(options.custom_blocked_useragents) ? options.custom_blocked_useragents.filter((ua) => typeof ua === 'string') : []),
    exceptionRateLimit: Object.freeze({
      refillRate: inRange(options.exceptionRateLimiterRefillRate, 1, 100),
      bucketSize: inRange(options.exceptionRateLimiterBucketSize, 10, 100),
    }),
  };
}

/** posthog-node name → posthog-ts name of the same option. */
const ALIASES = [
  ['before_send', 'beforeSend'],
  ['secretKey', 'personalApiKey'],
  ['fetchRetryCount', 'maxRetries'],
  ['fetchRetryDelay', 'retryDelay'],
  ['featureFlagsRequestMaxRetries', 'featureFlagsRequestRetries'],
  ['maxCacheSize', 'flagCalledCacheSize'],
] as const satisfies ReadonlyArray<readonly [keyof PostHogOptionFields, keyof PostHogOptionFields]>;

/**
 * Maps posthog-node's option names onto posthog-ts's: each alias fills the posthog-ts option when
 * that one is absent; when both are given posthog-ts's own name wins (and a differing value is
 * reported). Also wraps a `flagDefinitionCacheProvider`, and refuses a project key (`phc_…`) given
 * as the personal key: logged, thrown with `strict: true` (posthog-node always throws).
 * @internal
 */
export function applyNodeAliases(options: PostHogOptions, warn: (message: string) => void): PostHogOptions {
  const out: Record<string, unknown> = { ...options };
  for (const [theirs, ours] of ALIASES) {
    const given = options[theirs];
    if (given === undefined) continue;
    if (out[ours] === undefined) out[ours] = given;
    else if (out[ours] !== given) warn(`options ${theirs} and ${ours} are both set; using ${ours}`);
  }
  const provider = options.flagDefinitionCacheProvider;
  if (provider !== undefined && provider !== null) {
    if (out.flagDefinitionsCache === undefined) out.flagDefinitionsCache = fromNodeCacheProvider(provider);
    else warn('options flagDefinitionCacheProvider and flagDefinitionsCache are both set; using flagDefinitionsCache');
  }
  const key = out.personalApiKey;
  if (typeof key === 'string' && key.trim().startsWith('phc_')) {
    const error = new PostHogValidationError(
      options.secretKey !== undefined && options.personalApiKey === undefined ? 'secretKey' : 'personalApiKey',
      'is a project API key (phc_…); pass it as the first argument, and here a project secret key (phs_…) or personal API key (phx_…). Local evaluation is off.',
    );
    if (options.strict === true) throw error;
    warn(error.message);
    out.personalApiKey = undefined;
  }
  return out as PostHogOptions;
}

/** Every option name posthog-ts reads (the compiler keeps this list complete). */
const KNOWN_OPTIONS = {
  host: true, flushAt: true, flushInterval: true, maxBatchSize: true, maxBatchBytes: true, maxQueueSize: true,
  maxConcurrentRequests: true, requestTimeout: true, maxRetries: true, retryDelay: true, fetch: true, disableGeoip: true,
  compression: true, disableCompression: true, personalApiKey: true, featureFlagsPollingInterval: true,
  featureFlagsRequestTimeoutMs: true, featureFlagsRequestRetries: true, sendFeatureFlagEvent: true, strictLocalEvaluation: true,
  flagDefinitions: true, flagDefinitionsCache: true, flagCalledCacheSize: true, debug: true, logger: true,
  defaultEventProperties: true, beforeSend: true, isServer: true, strict: true, onError: true, captureMode: true,
  waitUntil: true, historicalMigration: true, enableExceptionAutocapture: true, disabled: true, platform: true,
  onSuccess: true, onFailure: true,
  before_send: true, secretKey: true, fetchRetryCount: true, fetchRetryDelay: true, featureFlagsRequestMaxRetries: true,
  maxCacheSize: true, flagDefinitionCacheProvider: true, enableLocalEvaluation: true, remoteConfigRequestTimeoutMs: true,
  evaluationContexts: true, evaluationEnvironments: true, defaultOptIn: true, waitUntilDebounceMs: true, waitUntilMaxWaitMs: true,
  privacyMode: true, enableFullAiCapture: true, disable_capture_url_hashes: true, custom_blocked_useragents: true,
  __preview_capture_bot_pageviews: true, featureFlagsLogWarnings: true, metrics: true, appHost: true, emailRequestTimeoutMs: true,
  emailRequestMaxRetries: true, migratedFrom: true, exceptionRateLimiterRefillRate: true, exceptionRateLimiterBucketSize: true,
  readPostHogCookie: true, preloadFeatureFlags: true, disableSurveys: true, disableRemoteFeatureFlags: true, disableRemoteConfig: true,
  bootstrap: true, sessionExpirationTimeSeconds: true, personProfiles: true, addTracingHeaders: true, persistence: true,
  logs: true, traces: true, flagDefinitionsMaxBytes: true, spool: true,
} satisfies Record<keyof PostHogOptionFields, true>;

/** Option names already reported in this process: each unknown name is reported once. */
const reportedUnknown = new Set<string>();

/**
 * Reports each option name posthog-ts does not know, once per process: a misspelt or unsupported
 * option would otherwise be ignored in silence (a `before_send` that scrubs emails that never runs).
 * @internal
 */
export function warnUnknownOptions(options: PostHogOptions, warn: (message: string) => void): void {
  if (options === null || typeof options !== 'object') return;
  for (const name of Object.keys(options)) {
    if (Object.hasOwn(KNOWN_OPTIONS, name) || reportedUnknown.has(name)) continue;
    reportedUnknown.add(name);
    warn(`option ${name} is not known to posthog-ts and is ignored`);
  }
}
