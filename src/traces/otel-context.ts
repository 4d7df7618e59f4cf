import { isSpanId, isTraceId } from './ids.js';
import { type RemoteParent, sanitizeTracestate } from './traceparent.js';

/**
 * Where `@opentelemetry/api` 1.x keeps its registered globals (context manager, tracer provider):
 * a versioned `Symbol.for` key on `globalThis`, so that every copy of the API package in a process
 * shares one registration. Reading it needs no import, so OpenTelemetry stays out of our runtime
 * dependencies and costs one property lookup when it is absent. (posthog-node reads the same global
 * to put `$trace_id` on exceptions.)
 */
const OTEL_API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
/** The context key under which the API stores the active span (`createContextKey` is `Symbol.for`). */
const OTEL_SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

interface OtelSpanContext {
  traceFlags?: unknown;
  traceId?: unknown;
  spanId?: unknown;
  isRemote?: unknown;
  traceState?: { serialize?: () => unknown };
}

interface OtelGlobal {
  context?: { active?: () => { getValue?: (key: symbol) => unknown } | undefined };
}

/** The active OpenTelemetry span: the span object (for identity) and its context. @internal */
export interface OtelActiveSpan {
  readonly span: object;
  readonly parent: RemoteParent;
  /** The W3C trace flags OpenTelemetry holds for it (bit 0: sampled). */
  readonly traceFlags: number;
}

/**
 * The span `@opentelemetry/api` has active on this async path, when the API is loaded and a context
 * manager is registered; `undefined` otherwise (also for OpenTelemetry's invalid, all-zero span).
 * @internal
 */
export function activeOtelSpan(): OtelActiveSpan | undefined {
  try {
    const api = (globalThis as { [OTEL_API_GLOBAL]?: OtelGlobal })[OTEL_API_GLOBAL];
    const span = api?.context?.active?.()?.getValue?.(OTEL_SPAN_KEY) as { spanContext?: () => OtelSpanContext } | undefined;
    if (span === undefined || span === null || typeof span.spanContext !== 'function') return undefined;
    const context = span.spanContext();
    const traceId = typeof context?.traceId === 'string' ? context.traceId.toLowerCase() : undefined;
    const spanId = typeof context?.spanId === 'string' ? context.spanId.toLowerCase() : undefined;
    if (!isTraceId(traceId) || !isSpanId(spanId)) return undefined;
    const traceState = sanitizeTracestate(context.traceState?.serialize?.());
    const traceFlags = typeof context.traceFlags === 'number' ? context.traceFlags & 0xff : 1;
    return { span, parent: { traceId, spanId, traceState, isRemote: context.isRemote === true }, traceFlags };
  } catch {
    return undefined;
  }
}
