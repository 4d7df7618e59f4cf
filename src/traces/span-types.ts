import type { OtlpServiceOptions } from '../otlp/resource.js';

/** What kind of work a span covers (the OpenTelemetry span kinds). @default 'internal' */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** How the work ended. A span whose status is never set is exported as unset, which is not `ok`. */
export type SpanStatusCode = 'ok' | 'error';

/**
 * A span, event or resource attribute value. The server stores values as strings, so primitives are
 * best; arrays and objects survive only serialised. `null` and `undefined` drop the key.
 */
export type SpanAttributeValue = string | number | boolean | bigint | SpanAttributeValue[] | { [key: string]: SpanAttributeValue } | null | undefined;

/** Attributes of a span or span event. */
export type SpanAttributes = Record<string, SpanAttributeValue>;

/** A point in time: milliseconds since the epoch, or a `Date`. */
export type SpanTimeInput = number | Date;

/** Options of `startSpan` and `withSpan`. */
export interface StartSpanOptions {
  /** What kind of work the span covers. @default 'internal' */
  kind?: SpanKind;
  /** Attributes set at start; they win over the SDK's own (`posthogDistinctId`, `sessionId`). */
  attributes?: SpanAttributes;
  /**
   * The parent: a span handle from this client, or a W3C `traceparent` header value to continue a
   * trace from another service. An invalid header starts a new trace; a handle of a no-op span gives
   * a no-op span. @default the active span (PostHog's or OpenTelemetry's, whichever is innermost)
   */
  parent?: Span | string;
  /** The W3C `tracestate` that came with a `traceparent` `parent`; kept as is and passed to children. */
  tracestate?: string;
  /** Backdates the start. Out-of-range values mean now; starts over 24 h old are clamped by the server. */
  startTime?: SpanTimeInput;
}

/**
 * A span being recorded. Every method is safe at any time, also after `end()` (then it does
 * nothing) and on the no-op handle returned when tracing is off, so calling code never branches.
 */
export interface Span {
  /** Sets one attribute. */
  setAttribute(key: string, value: SpanAttributeValue): this;
  /** Sets several attributes. */
  setAttributes(attributes: SpanAttributes): this;
  /** Records a timestamped event (a cache miss, a retry). @default timestamp now */
  addEvent(name: string, attributes?: SpanAttributes, timestamp?: SpanTimeInput): this;
  /** Sets the outcome; the last call wins. */
  setStatus(status: SpanStatusCode, message?: string): this;
  /** Sets status `error` and adds an `exception` event (type, message, stack). Does not end the span. */
  recordException(error: unknown): this;
  /** Renames the span, e.g. once the route template is known. Use low-cardinality names. */
  updateName(name: string): this;
  /** This span's W3C `traceparent` header (`00-<trace>-<span>-01`), or `null` for a no-op span. */
  traceparent(): string | null;
  /** 32 hex characters, or `null` for a no-op span. */
  readonly traceId: string | null;
  /** 16 hex characters, or `null` for a no-op span. */
  readonly spanId: string | null;
  /** The `tracestate` this span carries, or `null`. */
  tracestate(): string | null;
  /** Ends the span and queues it for export. Later calls do nothing. @default endTime now */
  end(endTime?: SpanTimeInput): void;
}

/**
 * A finished span as `beforeSpanSend` sees it: plain values (`userId: 42`, not an OTLP
 * `{ intValue: "42" }`) and millisecond times. The three ids can be read; assigning them is ignored.
 */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent on a root span. */
  readonly parentSpanId?: string;
  name: string;
  kind: SpanKind;
  status?: { code: SpanStatusCode; message?: string };
  /** Edit in place to redact. */
  attributes: SpanAttributes;
  events: { name: string; timestamp: number; attributes?: SpanAttributes }[];
  /** Milliseconds since the epoch. */
  startTime: number;
  /** Milliseconds since the epoch. */
  endTime: number;
}

/**
 * Inspects, edits or drops a finished span: return it, or `null` to drop it. It is where sensitive
 * attributes are scrubbed, so a hook that throws drops the span instead of exporting it unscrubbed.
 */
export type BeforeSpanSendFn = (span: SpanRecord) => SpanRecord | null;

/**
 * The `traces` option. Tracing is off until it is given; giving it (even `{}`) is all it takes.
 * Spans go to PostHog as OTLP (`POST /i/v1/traces`), with no OpenTelemetry packages. Spans still
 * open when `shutdown()` runs are discarded; ended ones are sent within its deadline. A 2xx answer
 * does not prove the project key is right: the endpoint accepts any well-formed key.
 * @example new PostHog('phc_…', { traces: { serviceName: 'checkout-api' } })
 */
export interface TracesConfig extends OtlpServiceOptions {
  /** Milliseconds between background flushes. @default 5000 */
  flushIntervalMs?: number;
  /** Most spans per request, and the queue depth that sends at once. @default 512 */
  maxExportBatchSize?: number;
  /** Most ended spans held; when full, the incoming span is dropped. @default 2048 */
  maxQueueSize?: number;
  /** Hook (or left-to-right chain) run on every ended span; see {@link BeforeSpanSendFn}. */
  beforeSpanSend?: BeforeSpanSendFn | BeforeSpanSendFn[];
  /** Most attributes you set on one span; later ones are dropped and counted. SDK keys are exempt. @default 128 */
  maxAttributesPerSpan?: number;
  /** Most events on one span; later ones are dropped and counted. @default 128 */
  maxEventsPerSpan?: number;
  /** Longest string attribute value, name or status message; longer ones are cut. @default 8192 */
  maxAttributeValueLength?: number;
  /** Most spans started and not yet ended; beyond it `startSpan` gives a no-op span. @default 10000 */
  maxLiveSpans?: number;
  /** A live span older than this counts as leaked and is evicted (never sent) once `maxLiveSpans` is reached. @default 3600000 */
  maxSpanAgeMs?: number;
}
