import { type EncodeOptions, toAnyValue, toKeyValues } from '../otlp/any-value.js';
import type { CaptureLogOptions, LogSeverityLevel } from './logs-config.js';

/** OpenTelemetry severity numbers and texts (spec logs, severity mapping). */
const SEVERITY: Readonly<Record<LogSeverityLevel, readonly [number, string]>> = {
  trace: [1, 'TRACE'],
  debug: [5, 'DEBUG'],
  info: [9, 'INFO'],
  warn: [13, 'WARN'],
  error: [17, 'ERROR'],
  fatal: [21, 'FATAL'],
};

/** A level's severity number and text; an unknown or missing level is `info`. @internal */
export function severityOf(level: unknown): readonly [number, string] {
  return typeof level === 'string' && Object.hasOwn(SEVERITY, level) ? SEVERITY[level as LogSeverityLevel] : SEVERITY.info;
}

/**
 * Capture times as OTLP nanosecond strings: milliseconds × 10⁶, plus 1 ns for each further record in
 * the same millisecond, so records keep their order (spec logs, monotonic capture timestamps).
 * @internal
 */
export class LogClock {
  private lastMs = Number.NaN;
  private sameMs = 0;

  /** The timestamp of a record captured at `nowMs`. */
  stamp(nowMs: number): string {
    const ms = Math.floor(nowMs);
    this.sameMs = ms === this.lastMs ? this.sameMs + 1 : 0;
    this.lastMs = ms;
    return this.sameMs === 0 ? `${ms}000000` : `${ms}${String(Math.min(this.sameMs, 999_999)).padStart(6, '0')}`;
  }
}

/** Who a record is about, frozen when it is captured. @internal */
export interface LogContext {
  distinctId?: string;
  sessionId?: string;
}

/**
 * One OTLP `logRecord` as JSON: severity, body, the context keys (`posthogDistinctId`, `sessionId`,
 * omitted when empty) under the record's own attributes, and `traceId` / `spanId` / `flags` only
 * when known. `observedTimeUnixNano` equals `timeUnixNano`.
 * @internal
 */
export function logRecordJson(record: CaptureLogOptions, context: LogContext, timeUnixNano: string, encode: EncodeOptions): string {
  const [severityNumber, severityText] = severityOf(record.level);
  const attributes: Record<string, unknown> = {};
  if (context.distinctId) attributes.posthogDistinctId = context.distinctId;
  if (context.sessionId) attributes.sessionId = context.sessionId;
  if (record.attributes !== null && typeof record.attributes === 'object') Object.assign(attributes, record.attributes);
  const wire: Record<string, unknown> = {
    timeUnixNano,
    observedTimeUnixNano: timeUnixNano,
    severityNumber,
    severityText,
    body: toAnyValue(String(record.body), encode),
    attributes: toKeyValues(attributes, encode),
  };
  if (typeof record.trace_id === 'string' && record.trace_id !== '') wire.traceId = record.trace_id;
  if (typeof record.span_id === 'string' && record.span_id !== '') wire.spanId = record.span_id;
  if (typeof record.trace_flags === 'number' && Number.isInteger(record.trace_flags)) wire.flags = record.trace_flags;
  return JSON.stringify(wire);
}
