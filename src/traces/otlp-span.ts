import { type EncodeOptions, toKeyValues } from '../otlp/any-value.js';
import type { EndedSpan } from './span.js';
import type { SpanKind } from './span-types.js';
import { toUnixNano } from './span-time.js';

/** OTLP span kinds (unspecified is 0). */
const KIND: Readonly<Record<SpanKind, number>> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
/** OTLP status codes (unset is 0, and is sent by leaving `status` out). */
const STATUS = { ok: 1, error: 2 } as const;

/** W3C sampled: every span recorded here is exported. */
const SAMPLED = 0x01;
/** OTLP span flags: whether the parent's remoteness is known, and whether it is remote. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/**
 * One OTLP span as JSON: lowercase hex ids, the kind and status as OTLP integers, times as
 * nanosecond strings, attributes and event attributes as key/value lists (strings cut to the
 * configured length), dropped counts only when something was dropped (spec traces, span data model).
 * @internal
 */
export function otlpSpanJson(span: EndedSpan, encode: EncodeOptions): string {
  const wire: Record<string, unknown> = {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId !== undefined && { parentSpanId: span.parentSpanId }),
    ...(span.traceState !== undefined && { traceState: span.traceState }),
    name: span.name,
    kind: KIND[span.kind] ?? KIND.internal,
    startTimeUnixNano: toUnixNano(span.startTime),
    endTimeUnixNano: toUnixNano(span.endTime),
    flags: SAMPLED | HAS_IS_REMOTE | (span.parentIsRemote ? IS_REMOTE : 0),
  };
  const attributes = toKeyValues(span.attributes, encode);
  if (attributes.length > 0) wire.attributes = attributes;
  if (span.events.length > 0) {
    wire.events = span.events.map((event) => {
      const encoded: Record<string, unknown> = { name: event.name, timeUnixNano: toUnixNano(event.timestamp) };
      const eventAttributes = toKeyValues(event.attributes, encode);
      if (eventAttributes.length > 0) encoded.attributes = eventAttributes;
      if (event.droppedAttributesCount) encoded.droppedAttributesCount = event.droppedAttributesCount;
      return encoded;
    });
  }
  if (span.droppedAttributesCount > 0) wire.droppedAttributesCount = span.droppedAttributesCount;
  if (span.droppedEventsCount > 0) wire.droppedEventsCount = span.droppedEventsCount;
  if (span.status !== undefined) wire.status = span.status.message === undefined ? { code: STATUS[span.status.code] } : { code: STATUS[span.status.code], message: span.status.message };
  return JSON.stringify(wire);
}
