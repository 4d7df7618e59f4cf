import type { Logger } from '../base/logger.js';
import type { ContextStore } from '../context/request-context.js';
import type { OtlpLane } from '../delivery/otlp-lane.js';
import type { KeepAlive } from '../platform/platform.js';
import { applyBeforeSpanSend } from './before-span-send.js';
import { DropCounter } from './drop-counter.js';
import { newSpanId, newTraceId } from './ids.js';
import { NOOP_SPAN } from './noop-span.js';
import { activeOtelSpan } from './otel-context.js';
import { otlpSpanJson } from './otlp-span.js';
import { type EndedSpan, RecordingSpan, describeError, spanName } from './span.js';
import { type ClockAnchor, SERVER_CLAMP_MS, type SpanClock, toEpochMs } from './span-time.js';
import type { Span, SpanAttributes, StartSpanOptions } from './span-types.js';
import type { ResolvedTracesConfig } from './traces-config.js';
import { parseTraceparent, sanitizeTracestate } from './traceparent.js';

/** What the tracer reads from the client. @internal */
export interface TracerHost {
  /** `undefined` when tracing is off. */
  readonly config: ResolvedTracesConfig | undefined;
  readonly contexts: ContextStore;
  readonly clock: SpanClock;
  readonly logger: Logger;
  readonly keepAlive: KeepAlive;
  /** False for a disabled client or one without a project key. */
  enabled(): boolean;
  optedOut(): boolean;
  /** The lane, built on first use. */
  lane(): OtlpLane;
  /** Called after a span is queued (serverless flush scheduling). */
  onQueued(): void;
}

/** What the context storage holds for an active span: the span, and OpenTelemetry's active span when it was activated. */
interface ActiveEntry {
  readonly span: RecordingSpan;
  readonly otel: object | undefined;
}

/** Where a new span hangs. */
interface Parent {
  traceId: string;
  spanId: string;
  traceState: string | undefined;
  isRemote: boolean;
  anchor?: ClockAnchor;
}

/** The trace a log record belongs to. @internal */
export interface ActiveTrace {
  traceId: string;
  spanId: string;
  flags: number;
}

const looksLikeSpan = (value: unknown): boolean => typeof (value as { traceparent?: unknown } | null)?.traceparent === 'function';

/**
 * `startSpan`, `withSpan` and `getActiveSpan`: parents resolved (explicit handle or `traceparent`,
 * else the innermost active span, PostHog's or OpenTelemetry's), live spans bounded, ended spans
 * gated, hooked, encoded and queued on the traces lane. Nothing here throws into the caller except
 * the caller's own callback error, rethrown unchanged.
 * @internal
 */
export class Tracer {
  /** Live spans by id, with the monotonic time they started (insertion order = start order). */
  private readonly live = new Map<string, number>();
  private readonly drops: DropCounter | undefined;

  constructor(private readonly host: TracerHost) {
    const config = host.config;
    this.drops = config === undefined ? undefined : new DropCounter(host.logger, config.flushIntervalMs, () => host.clock.wallNow());
  }

  /** Counts spans lost after they were queued (full queue, refused or failed requests). */
  dropped(count: number, reason: string): void {
    this.drops?.add(count, reason);
  }

  startSpan(name: string, options?: StartSpanOptions): Span {
    const { host } = this;
    const config = host.config;
    try {
      if (config === undefined || !host.enabled() || host.optedOut()) return NOOP_SPAN;
      const parent = this.parentOf(options);
      if (parent === 'noop') return NOOP_SPAN;
      if (this.live.size >= config.maxLiveSpans) this.evictAged(config.maxSpanAgeMs);
      if (this.live.size >= config.maxLiveSpans) {
        this.drops?.add(1, `refused at maxLiveSpans (${config.maxLiveSpans}): spans are started and not ended`);
        return NOOP_SPAN;
      }
      const spanId = newSpanId();
      const mono = host.clock.monoNow();
      const wall = host.clock.wallNow();
      const supplied = toEpochMs(options?.startTime);
      if (options?.startTime !== undefined && supplied === undefined) host.logger.debug('span startTime is not a valid time; using now');
      if (supplied !== undefined && wall - supplied > SERVER_CLAMP_MS) host.logger.debug('span startTime is more than 24 h ago: the server will clamp it to the time it receives the span');
      const anchor = supplied !== undefined ? undefined : (parent?.anchor ?? { wall, mono });
      const auto = this.contextAttributes();
      this.live.set(spanId, mono);
      return new RecordingSpan({
        traceId: parent?.traceId ?? newTraceId(),
        spanId,
        parentSpanId: parent?.spanId,
        traceState: parent?.traceState,
        parentIsRemote: parent?.isRemote ?? false,
        name: spanName(name, config.maxAttributeValueLength, host.logger),
        kind: options?.kind ?? 'internal',
        attributes: { ...auto, ...(options?.attributes !== null && typeof options?.attributes === 'object' ? options.attributes : {}) },
        autoKeys: new Set(Object.keys(auto)),
        limits: { maxAttributes: config.maxAttributesPerSpan, maxEvents: config.maxEventsPerSpan, maxAttributesPerEvent: config.maxAttributesPerEvent, maxStringLength: config.maxAttributeValueLength },
        startTime: supplied ?? (anchor === undefined ? wall : anchor.wall + Math.max(0, mono - anchor.mono)),
        anchor,
        clock: host.clock,
        logger: host.logger,
        onEnd: (span) => this.ended(span, auto),
      });
    } catch (error) {
      host.logger.warn(`startSpan failed; a no-op span is returned: ${String(error)}`);
      return NOOP_SPAN;
    }
  }

  withSpan<T>(name: string, optionsOrFn: StartSpanOptions | ((span: Span) => T), maybeFn?: (span: Span) => T): T {
    const options = typeof optionsOrFn === 'function' ? undefined : optionsOrFn;
    const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    if (typeof fn !== 'function') {
      this.host.logger.error('withSpan needs a callback: withSpan(name, fn) or withSpan(name, options, fn)');
      return undefined as T;
    }
    const span = this.startSpan(name, options);
    // A no-op span is never made active (spec traces, no-op span handles).
    if (!(span instanceof RecordingSpan)) return fn(span);
    let result: T;
    try {
      const entry: ActiveEntry = { span, otel: activeOtelSpan()?.span };
      result = this.host.contexts.runWithSpan(entry, () => fn(span));
    } catch (error) {
      this.failed(span, error);
      span.end();
      throw error;
    }
    if (typeof (result as { then?: unknown } | null)?.then !== 'function') {
      span.end();
      return result;
    }
    const settled = Promise.resolve(result).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        this.failed(span, error);
        span.end();
        throw error;
      },
    );
    return this.host.keepAlive(settled) as T;
  }

  getActiveSpan(): Span | null {
    return (this.host.contexts.activeSpan() as ActiveEntry | undefined)?.span ?? null;
  }

  /** The innermost active span's ids, PostHog's or OpenTelemetry's, for log records. */
  activeTrace(): ActiveTrace | undefined {
    const ours = this.host.contexts.activeSpan() as ActiveEntry | undefined;
    const otel = activeOtelSpan();
    if (ours !== undefined && (otel === undefined || otel.span === ours.otel)) return { traceId: ours.span.traceId, spanId: ours.span.spanId, flags: 1 };
    if (otel !== undefined) return { traceId: otel.parent.traceId, spanId: otel.parent.spanId, flags: otel.traceFlags };
    return undefined;
  }

  /** Live spans are discarded at shutdown (documented on `TracesConfig`); what was dropped is said once more. */
  closed(): void {
    this.live.clear();
    this.drops?.report();
  }

  /**
   * The parent of a new span: an explicit `traceparent` (invalid: a new trace) or handle of ours; a
   * no-op or foreign handle makes the child a no-op; otherwise the innermost active span. An
   * OpenTelemetry span counts as innermost when it is not the one that was active when our active
   * span was entered — it was started inside it.
   */
  private parentOf(options: StartSpanOptions | undefined): Parent | 'noop' | undefined {
    const explicit = options?.parent;
    if (typeof explicit === 'string') {
      const remote = parseTraceparent(explicit);
      if (remote === undefined) this.host.logger.debug('parent is not a valid traceparent; the span starts a new trace');
      return remote && { ...remote, traceState: sanitizeTracestate(options?.tracestate), isRemote: true };
    }
    if (explicit instanceof RecordingSpan) return { ...explicit.childParent, isRemote: false };
    if (looksLikeSpan(explicit)) return 'noop';
    if (explicit !== undefined && explicit !== null) this.host.logger.debug('parent is neither a span of this client nor a traceparent; ignored');
    const ours = this.host.contexts.activeSpan() as ActiveEntry | undefined;
    const otel = activeOtelSpan();
    if (ours !== undefined && (otel === undefined || otel.span === ours.otel)) return { ...ours.span.childParent, isRemote: false };
    return otel?.parent ?? (ours && { ...ours.span.childParent, isRemote: false });
  }

  /** `posthogDistinctId` and `sessionId` from the request context, frozen at start; absent when empty. */
  private contextAttributes(): SpanAttributes {
    const context = this.host.contexts.current();
    const attributes: SpanAttributes = {};
    if (typeof context?.distinctId === 'string' && context.distinctId !== '') attributes.posthogDistinctId = context.distinctId;
    if (typeof context?.sessionId === 'string' && context.sessionId !== '') attributes.sessionId = context.sessionId;
    return attributes;
  }

  private evictAged(maxAgeMs: number): void {
    const cutoff = this.host.clock.monoNow() - maxAgeMs;
    let evicted = 0;
    for (const [spanId, startedAt] of this.live) {
      if (startedAt > cutoff) break;
      this.live.delete(spanId);
      evicted++;
    }
    this.drops?.add(evicted, `evicted: live longer than maxSpanAgeMs (${maxAgeMs} ms)`);
  }

  /** A `withSpan` callback failed: an `exception` event, and status `error` unless the caller set `ok`. */
  private failed(span: RecordingSpan, error: unknown): void {
    const { type, message, stack } = describeError(error);
    span.addEvent('exception', { 'exception.type': type, 'exception.message': message, 'exception.stacktrace': stack });
    if (!span.statusIsOk) span.setStatus('error', message);
  }

  /** An ended span: gates in the spec's order (disabled, opted out, hook), then encoded and queued. */
  private ended(span: EndedSpan, auto: SpanAttributes): void {
    const { host } = this;
    const config = host.config;
    try {
      // An evicted span's handle is a no-op: it is never exported.
      if (config === undefined || !this.live.delete(span.spanId)) return;
      if (!host.enabled() || host.optedOut()) {
        this.drops?.add(1, 'ended after opt-out');
        return;
      }
      const limits = { maxAttributes: config.maxAttributesPerSpan, maxEvents: config.maxEventsPerSpan, maxAttributesPerEvent: config.maxAttributesPerEvent, maxStringLength: config.maxAttributeValueLength };
      const hooked = applyBeforeSpanSend(span, config.beforeSpanSend, new Set(Object.keys(auto)), limits, host.logger);
      if (typeof hooked === 'string') {
        this.drops?.add(1, hooked);
        return;
      }
      const json = otlpSpanJson(hooked, { maxStringLength: config.maxAttributeValueLength, debug: (message) => host.logger.debug(message) });
      if (host.lane().enqueue(json)) host.onQueued();
    } catch (error) {
      this.drops?.add(1, `could not be encoded (${String(error)})`);
    }
  }
}
