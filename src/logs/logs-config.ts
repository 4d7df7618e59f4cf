import { hookList, positiveInteger } from '../otlp/option-values.js';
import type { OtlpServiceOptions } from '../otlp/resource.js';

/** A log's severity. `trace` is the lowest, `fatal` the highest. */
export type LogSeverityLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** One log attribute value (posthog-node's type); `null` and `undefined` drop the key. */
export type LogAttributeValue = string | number | boolean | null | undefined | unknown[] | Record<string, unknown>;

/**
 * Attributes of one log record. Strings, numbers, booleans, arrays and objects are kept with their
 * types (objects as nested key/value lists); `null` and `undefined` drop the key.
 */
export type LogAttributes = Record<string, LogAttributeValue>;

/** One structured log record, as `captureLog` takes it (posthog-node's shape). */
export interface CaptureLogOptions {
  /** The message. Empty or whitespace-only messages are dropped. */
  body: string;
  /** Severity. @default 'info' */
  level?: LogSeverityLevel;
  /** Trace to attach the record to (32 hex characters). @default the active span's */
  trace_id?: string;
  /** Span to attach the record to (16 hex characters). @default the active span's */
  span_id?: string;
  /** W3C trace flags, sent as the record's `flags`. Omitted when not given. */
  trace_flags?: number;
  /** Per-record attributes (`order_id`, `duration_ms` …). They win over the SDK's own keys. */
  attributes?: LogAttributes;
}

/**
 * Inspects, changes or drops a log record before it is queued: return the record (changed or not),
 * or `null` to drop it. A hook that throws is skipped: the record goes on as it was before the hook.
 */
export type BeforeSendLogFn = (record: CaptureLogOptions) => CaptureLogOptions | null;

/**
 * One method per severity, each equivalent to `captureLog({ body, level, attributes })`. The
 * methods are bound, so `const { info } = posthog.logger` works.
 * @example posthog.logger.info('checkout completed', { order_id: 'ord_789' })
 */
export interface CaptureLogger {
  /** Finest detail (severity 1). */
  trace(body: string, attributes?: LogAttributes): void;
  /** Diagnostic detail (severity 5). */
  debug(body: string, attributes?: LogAttributes): void;
  /** Normal operation worth recording (severity 9). */
  info(body: string, attributes?: LogAttributes): void;
  /** Something unexpected that did not fail (severity 13). */
  warn(body: string, attributes?: LogAttributes): void;
  /** An operation failed; the process goes on (severity 17). */
  error(body: string, attributes?: LogAttributes): void;
  /** A failure the process likely cannot recover from (severity 21). */
  fatal(body: string, attributes?: LogAttributes): void;
}

/**
 * The `logs` option: logs are sent to PostHog Logs as OTLP records (`POST /i/v1/logs`), with no
 * OpenTelemetry packages. Logging works without it; set it to name the service and tune the queue.
 * Server defaults: a flush every 3 s or at 100 queued records, at most 100 records per request, up
 * to 10,000 records queued (the oldest is dropped beyond that) and 10,000 records per 10 s.
 * @example new PostHog('phc_…', { logs: { serviceName: 'checkout-api', environment: 'production' } })
 */
export interface LogsConfig extends OtlpServiceOptions {
  /** Milliseconds between background flushes of queued records. @default 3000 */
  flushIntervalMs?: number;
  /** Queued records that trigger a flush at once. @default 100 */
  maxBufferSize?: number;
  /** Most records in one request; kept far below the server's 2 MB body limit. @default 100 */
  maxBatchRecordsPerPost?: number;
  /** Most records held in memory; when full, the oldest is dropped with a warning. @default 10000 */
  maxQueueSize?: number;
  /**
   * Tumbling-window rate cap: beyond `maxLogs` records per `windowMs`, records are dropped (one
   * warning per window). `maxLogs: undefined`, or a value ≤ 0 for either, turns the cap off.
   * @default { maxLogs: 10000, windowMs: 10000 }
   */
  rateCap?: { maxLogs?: number; windowMs?: number };
  /** Hook (or left-to-right chain) run on each record before the rate cap; see {@link BeforeSendLogFn}. */
  beforeSend?: BeforeSendLogFn | BeforeSendLogFn[];
}

/** `logs` options after defaults. @internal */
export interface ResolvedLogsConfig {
  readonly service: OtlpServiceOptions;
  readonly flushIntervalMs: number;
  readonly maxBufferSize: number;
  readonly maxBatchRecordsPerPost: number;
  readonly maxQueueSize: number;
  /** `undefined`: no rate cap. */
  readonly rateCap: { readonly maxLogs: number; readonly windowMs: number } | undefined;
  readonly beforeSend: readonly BeforeSendLogFn[];
}

const DEFAULT_MAX_LOGS = 10_000;
const DEFAULT_WINDOW_MS = 10_000;

function resolveRateCap(rateCap: LogsConfig['rateCap']): ResolvedLogsConfig['rateCap'] {
  const windowMs = rateCap?.windowMs ?? DEFAULT_WINDOW_MS;
  const maxLogs = rateCap !== undefined && 'maxLogs' in rateCap ? rateCap.maxLogs : DEFAULT_MAX_LOGS;
  // A non-positive cap or window turns the cap off (spec logs, rate capping).
  if (typeof maxLogs !== 'number' || !(maxLogs > 0) || !(windowMs > 0)) return undefined;
  return { maxLogs, windowMs };
}

/**
 * Applies defaults: `serviceName` falls back to the `traces` one, as in posthog-node. @internal
 */
export function resolveLogsConfig(config: LogsConfig | undefined, inheritedServiceName: string | undefined, warn: (message: string) => void): ResolvedLogsConfig {
  const c = config ?? {};
  return Object.freeze({
    service: { serviceName: c.serviceName ?? inheritedServiceName, serviceVersion: c.serviceVersion, environment: c.environment, resourceAttributes: c.resourceAttributes },
    flushIntervalMs: positiveInteger(c.flushIntervalMs, 3_000, 'logs.flushIntervalMs', warn),
    maxBufferSize: positiveInteger(c.maxBufferSize, 100, 'logs.maxBufferSize', warn),
    maxBatchRecordsPerPost: positiveInteger(c.maxBatchRecordsPerPost, 100, 'logs.maxBatchRecordsPerPost', warn),
    maxQueueSize: positiveInteger(c.maxQueueSize, DEFAULT_MAX_LOGS, 'logs.maxQueueSize', warn),
    rateCap: resolveRateCap(c.rateCap),
    beforeSend: hookList(c.beforeSend, 'logs.beforeSend', warn),
  });
}
