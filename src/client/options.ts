import type { Logger } from '../base/logger.js';
import type { Platform } from '../platform/platform.js';
import type { DefinitionsPayload } from '../flags/definitions/payload.js';
import type { FlagDefinitionsCache } from '../flags/definitions/cache-provider.js';
import type { PostHogValidationError } from '../base/errors.js';
import type { DeliveryCallbacks } from '../delivery/outcomes.js';
import type { BeforeSendFn } from '../messages/before-send.js';
import type { LogsConfig } from '../logs/logs-config.js';
import type { TracesConfig } from '../traces/span-types.js';
import { excerpt } from '../base/excerpt.js';
import { secretKeyFrom } from '../base/secret.js';
import { DEFAULT_DEFINITIONS_MAX_BYTES } from '../delivery/read-capped-body.js';
import { type ResolvedSpoolOptions, type SpoolOptions, resolveSpoolOptions } from './spool-options.js';
import type { PostHogNodeOptions, PostHogNodeSharedOptionTypes } from './node-options.js';
import { type ResolvedNodeOptions, resolveNodeOptions } from './node-option-resolution.js';

/**
 * Options of `new PostHog(apiKey, options)`. All are optional, and each may be given as `undefined`
 * (so `personalApiKey: process.env.KEY` compiles under `exactOptionalPropertyTypes`). Names and
 * defaults follow posthog-node 5.x where the concept exists, and posthog-node's own option names
 * are accepted too ({@link PostHogNodeOptions}), so switching is a change of import. An option name
 * posthog-ts does not know is reported once (a typo would otherwise be silently ignored).
 */
export type PostHogOptions = { [K in keyof PostHogOptionFields]?: PostHogOptionFields[K] | undefined };

/** The options, each with its documentation; see {@link PostHogOptions}. */
export interface PostHogOptionFields extends DeliveryCallbacks, PostHogNodeOptions, PostHogNodeSharedOptionTypes {
  /** PostHog ingestion host. Whitespace and trailing slashes are removed. @default 'https://us.i.posthog.com' */
  host?: string;
  /** Number of queued events that triggers a background flush. @default 20 */
  flushAt?: number;
  /** Milliseconds after the first queued event before a background flush. @default 5000 */
  flushInterval?: number;
  /**
   * Most events in one request (raised to at least `flushAt`). A background flush sends what has
   * gathered since the burst that triggered it, so under load requests grow towards this size and
   * cost less CPU and fewer bytes per event; a quiet server still sends small requests at once.
   * posthog-node's default is 100. @default 500
   */
  maxBatchSize?: number;
  /** Most bytes of event JSON in one request, kept under the server's request limit. @default 4_194_304 (4 MiB) */
  maxBatchBytes?: number;
  /**
   * Most events waiting to be sent; further events are dropped with a warning. Events already in a
   * request do not count, so capturing goes on while a full queue is being flushed. A `flushAt`
   * above it is lowered to it, with a warning. @default 10000
   */
  maxQueueSize?: number;
  /** Most capture requests in flight at once, so one batch backing off never stalls the rest. @default 4 */
  maxConcurrentRequests?: number;
  /** Timeout of one capture request in milliseconds. @default 10000 */
  requestTimeout?: number;
  /** Retries of a failed capture request before its events are set aside for a later flush. @default 3 */
  maxRetries?: number;
  /** First retry delay in milliseconds; doubles per attempt with jitter. @default 250 */
  retryDelay?: number;
  /**
   * Ask PostHog not to resolve GeoIP for events and flags. On by default, as in posthog-node: on a
   * server the request's IP is the server's, so events and geo-targeted flags would otherwise be
   * located at the data centre. Pass `false` to let PostHog resolve it (e.g. with `$ip` set).
   * @default true
   */
  disableGeoip?: boolean;
  /**
   * Body encoding for capture v1 (`captureMode: 'v1'`): `'gzip'`, `'deflate'`, `'br'` (Node.js) or
   * `'zstd'` (Node.js 22.15+); one the runtime lacks falls back to gzip with a warning. Capture v0
   * and the AI lane always use gzip. @default 'gzip'
   */
  compression?: 'gzip' | 'deflate' | 'br' | 'zstd';
  /** Send bodies uncompressed. @default false */
  disableCompression?: boolean;
  /**
   * Personal API key (`phx_…`) or project secret key (`phs_…`); enables local flag evaluation and
   * `getRemoteConfigPayload`. It is sent only to the definitions and remote config endpoints of
   * `host` and is never readable back from the client (`client.options.personalApiKey` and
   * `util.inspect(client)` show `phx_…`). A project key (`phc_…`) here is refused with an error
   * (thrown with `strict: true`, as posthog-node throws): it cannot load definitions.
   */
  personalApiKey?: string;
  /**
   * Timeout of one `/flags` request in milliseconds; also the longest a flag call waits for
   * definitions that are still loading (the load goes on in the background). @default 3000
   */
  featureFlagsRequestTimeoutMs?: number;
  /** Retries of a `/flags` request after a network error, 502 or 504 (delays 300 ms, 600 ms, …). @default 1 */
  featureFlagsRequestRetries?: number;
  /** Send `$feature_flag_called` when a flag is read. @default true */
  sendFeatureFlagEvent?: boolean;
  /** Never fall back to `/flags`: a flag that cannot be decided locally has no value. @default false */
  strictLocalEvaluation?: boolean;
  /** Flag definitions to evaluate without the network (tests, edge runtimes, offline use). */
  flagDefinitions?: DefinitionsPayload;
  /** Shares one copy of the definitions across processes (get/set of the raw payload). */
  flagDefinitionsCache?: FlagDefinitionsCache;
  /** Most entries of the `$feature_flag_called` de-duplication cache. @default 50000 */
  flagCalledCacheSize?: number;
  /** Print debug lines. Can be toggled later with `debug()`. @default false */
  debug?: boolean;
  /** Where SDK messages go. @default console, with debug lines only in debug mode */
  logger?: Logger;
  /** Properties added to every event (per-call properties win). */
  defaultEventProperties?: Record<string, unknown>;
  /**
   * Hook (or chain of hooks) run on each assembled event before it is queued: return the event,
   * a changed event, or `null` to drop it. A hook that throws drops the event with a warning.
   */
  beforeSend?: BeforeSendFn | BeforeSendFn[];
  /** Add `$is_server: true` to events. @default true */
  isServer?: boolean;
  /** Throw {@link PostHogValidationError} from the call instead of only reporting it. @default false */
  strict?: boolean;
  /** Called with every validation error (the event is not sent). */
  onError?: (error: PostHogValidationError | Error) => void;
  /**
   * Capture endpoint: `v0` posts `/batch/`; `v1` posts `/i/v1/analytics/events` with Bearer auth and
   * per-event results (only events the server asks to retry are resent).
   * @default 'v0'
   */
  captureMode?: 'v0' | 'v1';
  /**
   * Serverless: the runtime's `waitUntil` (Vercel's, or Cloudflare's `ctx.waitUntil.bind(ctx)`). Each
   * burst of captures is flushed 50 ms after the last one (at most 500 ms after the first) and the
   * runtime is kept alive until it is sent.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Mark every batch as a historical migration. @default false */
  historicalMigration?: boolean;
  /**
   * Report uncaught exceptions and unhandled rejections as `$exception` events (Node.js). The
   * process still ends as it would have, after the event is sent (at most 2 s later); at most 10
   * such events go out per 10 s. @default false
   */
  enableExceptionAutocapture?: boolean;
  /** Disable the client: calls are accepted and nothing is sent. @default false */
  disabled?: boolean;
  /**
   * Most bytes of a flag definitions response read (after decompression). A larger body is
   * abandoned, its connection closed, the last definitions kept and the error logged; raise this
   * if your project's definitions are legitimately larger. @default 52_428_800 (50 MiB)
   */
  flagDefinitionsMaxBytes?: number;
  /**
   * Write every accepted event to files under `spool.directory` before `capture()` returns, so it
   * survives the process being killed; the next client on the directory sends what is left
   * (Node.js, Bun, Deno; refused on edge runtimes). See {@link SpoolOptions}. @default off
   * @example new PostHog(key, { spool: { directory: '/var/lib/my-app/posthog', fsync: 'interval' } })
   */
  spool?: SpoolOptions;
  /** @internal Replace the runtime platform (tests inject a scheduler). */
  platform?: Partial<Platform>;
  /**
   * Logs (`captureLog`, `logger`) as OTLP records to `/i/v1/logs`: service name and queue settings.
   * Logging works without it. See {@link LogsConfig}.
   * @example { logs: { serviceName: 'checkout-api' } }
   */
  logs?: LogsConfig;
  /**
   * Tracing (`startSpan`, `withSpan`) as OTLP spans to `/i/v1/traces`. Off until given; `{}` turns
   * it on. See {@link TracesConfig}.
   * @example { traces: { serviceName: 'checkout-api' } }
   */
  traces?: TracesConfig;
}

/** Options after defaults and checks: every field present, frozen. @internal */
export interface ResolvedOptions extends ResolvedNodeOptions {
  readonly apiKey: string;
  readonly host: string;
  readonly flushAt: number;
  readonly flushInterval: number;
  readonly maxBatchSize: number;
  readonly maxBatchBytes: number;
  readonly maxQueueSize: number;
  readonly maxConcurrentRequests: number;
  readonly requestTimeout: number;
  readonly maxRetries: number;
  readonly retryDelay: number;
  readonly disableGeoip: boolean;
  readonly disableCompression: boolean;
  readonly compression: 'gzip' | 'deflate' | 'br' | 'zstd';
  /** Masked (`phx_…`): the key itself is held out of reach of printing and inspection. */
  readonly personalApiKey: string | undefined;
  readonly featureFlagsPollingInterval: number;
  readonly featureFlagsRequestTimeoutMs: number;
  readonly featureFlagsRequestRetries: number;
  readonly sendFeatureFlagEvent: boolean;
  readonly strictLocalEvaluation: boolean;
  readonly flagCalledCacheSize: number;
  readonly defaultEventProperties: Readonly<Record<string, unknown>>;
  readonly isServer: boolean;
  readonly strict: boolean;
  readonly historicalMigration: boolean;
  readonly captureMode: 'v0' | 'v1';
  readonly disabled: boolean;
  readonly flagDefinitionsMaxBytes: number;
  readonly spool: ResolvedSpoolOptions | undefined;
}

/** Default ingestion host. */
export const DEFAULT_HOST = 'https://us.i.posthog.com';
/** The server accepts at most 20 MiB per request; batches stay far below it. */
export const MAX_BATCH_BYTES_LIMIT = 20 * 1024 * 1024;
/** Largest single event we send (go's limit is 500 kB, python's 900 KiB; we take the higher). */
export const MAX_EVENT_BYTES = 900 * 1024;
/** Largest AI event (`$ai_*` payloads carry prompts and completions). */
export const MAX_AI_EVENT_BYTES = 8 * 1024 * 1024;
/** Target size of one AI batch request. */
export const MAX_AI_BATCH_BYTES = 5 * 1024 * 1024;

type NumberRule = { name: keyof PostHogOptions; fallback: number; min: number; max?: number; integer?: boolean };

function readNumber(options: PostHogOptions, rule: NumberRule, warn: (m: string) => void): number {
  const raw = options[rule.name];
  if (raw === undefined || raw === null) return rule.fallback;
  const ok =
    typeof raw === 'number' && Number.isFinite(raw) && raw >= rule.min && (rule.max === undefined || raw <= rule.max);
  if (!ok) {
    warn(`option ${String(rule.name)}=${excerpt(raw)} is invalid (expected a number ≥ ${rule.min}); using ${rule.fallback}`);
    return rule.fallback;
  }
  return rule.integer === false ? raw : Math.floor(raw);
}

/** Removes whitespace and trailing slashes from a host. @internal */
export function normalizeHost(host: string | undefined): string {
  const trimmed = (host ?? '').trim().replace(/\/+$/, '');
  return trimmed === '' ? DEFAULT_HOST : trimmed;
}

/**
 * Applies defaults and checks values. A wrong value logs a line naming the option and the fallback
 * used; it never throws. @internal
 */
export function resolveOptions(apiKey: string, options: PostHogOptions, warn: (m: string) => void): ResolvedOptions {
  const num = (name: keyof PostHogOptions, fallback: number, min: number, max?: number) =>
    readNumber(options, { name, fallback, min, max }, warn);
  const maxQueueSize = num('maxQueueSize', 10_000, 1);
  const flushAt = batchTrigger(num('flushAt', 20, 1), maxQueueSize, warn);
  const maxBatchSize = Math.max(num('maxBatchSize', 500, 1), flushAt);
  return Object.freeze({
    ...resolveNodeOptions(options, warn),
    apiKey: typeof apiKey === 'string' ? apiKey.trim() : '',
    host: normalizeHost(options.host),
    flushAt,
    flushInterval: num('flushInterval', 5_000, 0),
    maxBatchSize,
    maxBatchBytes: num('maxBatchBytes', 4 * 1024 * 1024, 1024, MAX_BATCH_BYTES_LIMIT),
    maxQueueSize,
    maxConcurrentRequests: num('maxConcurrentRequests', 4, 1, 64),
    requestTimeout: num('requestTimeout', 10_000, 1),
    maxRetries: num('maxRetries', 3, 0, 100),
    retryDelay: num('retryDelay', 250, 0),
    disableGeoip: options.disableGeoip !== false,
    disableCompression: options.disableCompression === true,
    compression: readCompression(options.compression, warn),
    personalApiKey: secretKeyFrom(options.personalApiKey)?.masked,
    featureFlagsPollingInterval: pollingIntervalOf(options.featureFlagsPollingInterval, warn),
    featureFlagsRequestTimeoutMs: num('featureFlagsRequestTimeoutMs', 3_000, 1),
    featureFlagsRequestRetries: num('featureFlagsRequestRetries', 1, 0, 10),
    sendFeatureFlagEvent: options.sendFeatureFlagEvent !== false,
    strictLocalEvaluation: options.strictLocalEvaluation === true,
    flagCalledCacheSize: num('flagCalledCacheSize', 50_000, 1),
    defaultEventProperties: Object.freeze({ ...(options.defaultEventProperties ?? {}) }),
    isServer: options.isServer !== false,
    strict: options.strict === true,
    historicalMigration: options.historicalMigration === true,
    captureMode: readCaptureMode(options.captureMode, warn),
    disabled: options.disabled === true,
    flagDefinitionsMaxBytes: num('flagDefinitionsMaxBytes', DEFAULT_DEFINITIONS_MAX_BYTES, 1024),
    spool: options.spool === undefined ? undefined : resolveSpoolOptions(options.spool, warn),
  });
}

/**
 * A queue smaller than `flushAt` would never fill a batch: the queue bound is what the application
 * promised its memory, so `flushAt` comes down to it, with a warning naming both.
 */
function batchTrigger(flushAt: number, maxQueueSize: number, warn: (m: string) => void): number {
  if (flushAt <= maxQueueSize) return flushAt;
  warn(`option flushAt=${flushAt} is above maxQueueSize=${maxQueueSize}; using flushAt=${maxQueueSize}`);
  return maxQueueSize;
}

/** As posthog-node: below 100 ms is raised to 100; `null` means never poll (`Infinity`). */
function pollingIntervalOf(value: unknown, warn: (m: string) => void): number {
  if (value === undefined) return 30_000;
  if (value === null) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    warn(`option featureFlagsPollingInterval=${excerpt(value)} is invalid (expected a number of ms or null); using 30000`);
    return 30_000;
  }
  return Math.max(100, value);
}

function readCompression(value: unknown, warn: (message: string) => void): 'gzip' | 'deflate' | 'br' | 'zstd' {
  if (value === undefined || value === 'gzip' || value === 'deflate' || value === 'br' || value === 'zstd') return value ?? 'gzip';
  warn(`option compression=${excerpt(value)} is invalid (expected 'gzip', 'deflate', 'br' or 'zstd'); using 'gzip'`);
  return 'gzip';
}

function readCaptureMode(value: unknown, warn: (m: string) => void): 'v0' | 'v1' {
  if (value === undefined || value === 'v0' || value === 'v1') return value ?? 'v0';
  warn(`option captureMode=${excerpt(value)} is invalid (expected 'v0' or 'v1'); using 'v0'`);
  return 'v0';
}
