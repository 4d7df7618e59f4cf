import type { Logger } from '../base/logger.js';
import { type EndedSpan, type SpanEventData, type SpanLimits, capEventAttributes, spanName } from './span.js';
import type { BeforeSpanSendFn, SpanAttributes, SpanKind, SpanRecord } from './span-types.js';
import { toEpochMs } from './span-time.js';

const KINDS: ReadonlySet<string> = new Set<SpanKind>(['internal', 'server', 'client', 'producer', 'consumer']);
const IDENTITY = ['traceId', 'spanId', 'parentSpanId'] as const;

/** Why a span did not survive its hooks. @internal */
export type HookDrop = 'dropped by beforeSpanSend' | 'beforeSpanSend threw (fail-closed)' | 'beforeSpanSend returned an unusable record';

/** The hook's view: plain values, ids readable and not assignable (an assignment logs and is ignored). */
function hookView(span: EndedSpan, logger: Logger): SpanRecord {
  const record = {
    name: span.name,
    kind: span.kind,
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({ name: event.name, timestamp: event.timestamp, ...(event.attributes && { attributes: { ...event.attributes } }) })),
    startTime: span.startTime,
    endTime: span.endTime,
    ...(span.status && { status: { ...span.status } }),
  };
  for (const key of IDENTITY) {
    const value = span[key];
    if (value === undefined) continue;
    Object.defineProperty(record, key, {
      enumerable: true,
      get: () => value,
      set: () => logger.debug(`beforeSpanSend: ${key} is read-only (children may already be exported); the original is kept`),
    });
  }
  return record as SpanRecord;
}

const isRecord = (value: unknown): value is SpanRecord => {
  const r = value as SpanRecord | null;
  return r !== null && typeof r === 'object' && r.attributes !== null && typeof r.attributes === 'object' && !Array.isArray(r.attributes) && Array.isArray(r.events);
};

/** The attributes in the order they were set (those the hook added last), capped; SDK keys exempt. */
function capAttributes(attributes: SpanAttributes, before: readonly string[], autoKeys: ReadonlySet<string>, max: number): { kept: SpanAttributes; dropped: number } {
  const order = [...before.filter((key) => Object.hasOwn(attributes, key)), ...Object.keys(attributes).filter((key) => !before.includes(key))];
  const kept: SpanAttributes = {};
  let count = 0;
  let dropped = 0;
  for (const key of order) {
    const value = attributes[key];
    if (value === null || value === undefined) continue;
    if (!autoKeys.has(key)) {
      if (count >= max) {
        dropped++;
        continue;
      }
      count++;
    }
    Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { kept, dropped };
}

/**
 * Runs `beforeSpanSend` on an ended span (spec traces, gating and beforeSpanSend): `null` drops it;
 * a hook that throws drops it too (fail-closed: a broken scrubber must not export what it failed to
 * scrub). The ids survive any change; name, kind, status and times are checked again, and the span
 * limits apply again to what the hook returned.
 * @internal
 */
export function applyBeforeSpanSend(
  span: EndedSpan,
  hooks: readonly BeforeSpanSendFn[],
  autoKeys: ReadonlySet<string>,
  limits: SpanLimits,
  logger: Logger,
): EndedSpan | HookDrop {
  if (hooks.length === 0) return span;
  const before = Object.keys(span.attributes);
  let record = hookView(span, logger);
  try {
    for (const hook of hooks) {
      const next: unknown = hook(record);
      if (next === null || next === undefined) return 'dropped by beforeSpanSend';
      if (!isRecord(next)) return 'beforeSpanSend returned an unusable record';
      record = next;
    }
    if (IDENTITY.some((key) => record[key] !== span[key])) logger.debug('beforeSpanSend returned other span ids; the original ids are kept');
    const startTime = toEpochMs(record.startTime) ?? span.startTime;
    const events: SpanEventData[] = [];
    for (const event of record.events) {
      if (events.length >= limits.maxEvents) break;
      if (event === null || typeof event !== 'object') continue;
      const kept: SpanEventData = { name: spanName(event.name, limits.maxStringLength, logger), timestamp: toEpochMs(event.timestamp) ?? startTime };
      if (event.attributes !== null && typeof event.attributes === 'object') Object.assign(kept, capEventAttributes(event.attributes, limits.maxAttributesPerEvent));
      events.push(kept);
    }
    const { kept: attributes, dropped } = capAttributes(record.attributes, before, autoKeys, limits.maxAttributes);
    const status = record.status === undefined ? undefined : record.status?.code === 'ok' || record.status?.code === 'error' ? record.status : span.status;
    return {
      ...span,
      name: spanName(record.name, limits.maxStringLength, logger),
      kind: KINDS.has(record.kind) ? record.kind : span.kind,
      status: status && (typeof status.message === 'string' ? { code: status.code, message: status.message.slice(0, limits.maxStringLength) } : { code: status.code }),
      attributes,
      events,
      startTime,
      endTime: Math.max(toEpochMs(record.endTime) ?? span.endTime, startTime),
      droppedAttributesCount: span.droppedAttributesCount + dropped,
      droppedEventsCount: span.droppedEventsCount + Math.max(0, record.events.length - events.length),
    };
  } catch (error) {
    logger.debug(`beforeSpanSend threw; the span is dropped rather than exported unscrubbed: ${String(error)}`);
    return 'beforeSpanSend threw (fail-closed)';
  }
}
