import type { Recorder } from '../../src/testing/index.js';
import { plainAttributes } from '../../src/testing/otlp-routes.js';

/** A recorded log record with its attributes as plain values. */
export interface PlainLog {
  body: unknown;
  severityNumber: number;
  severityText: string;
  timeUnixNano: string;
  observedTimeUnixNano: string;
  traceId?: string;
  spanId?: string;
  flags?: number;
  attributes: Record<string, unknown>;
  /** The record exactly as sent. */
  wire: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: Record<string, unknown>;
  requestIndex: number;
}

/** Every log record the recorder stored, attributes flattened (`{ intValue: "1" }` → 1). */
export function logsOf(recorder: Recorder): PlainLog[] {
  return recorder.logRecords.map(({ record, resource, scope, requestIndex }) => ({
    ...(record as unknown as PlainLog),
    body: (record.body as { stringValue?: unknown })?.stringValue,
    attributes: plainAttributes(record.attributes),
    wire: record,
    resource,
    scope,
    requestIndex,
  }));
}

/** A recorded span with its attributes as plain values. */
export interface PlainSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  flags: number;
  status?: { code: number; message?: string };
  droppedAttributesCount?: number;
  droppedEventsCount?: number;
  events: Array<{ name: string; timeUnixNano: string; attributes: Record<string, unknown> }>;
  attributes: Record<string, unknown>;
  wire: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: Record<string, unknown>;
  requestIndex: number;
}

/** Every span the recorder stored, attributes flattened. */
export function spansOf(recorder: Recorder): PlainSpan[] {
  return recorder.spans.map(({ record, resource, scope, requestIndex }) => ({
    ...(record as unknown as PlainSpan),
    attributes: plainAttributes(record.attributes),
    events: ((record.events as Array<{ name: string; timeUnixNano: string; attributes?: unknown }>) ?? []).map((e) => ({ ...e, attributes: plainAttributes(e.attributes) })),
    wire: record,
    resource,
    scope,
    requestIndex,
  }));
}

/** The one span named `name`; fails when there is not exactly one. */
export function spanNamed(recorder: Recorder, name: string): PlainSpan {
  const found = spansOf(recorder).filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span named ${name}, got ${found.length}`);
  return found[0];
}

/** Nanosecond strings compared exactly. */
export const nanos = (value: string): bigint => BigInt(value);
