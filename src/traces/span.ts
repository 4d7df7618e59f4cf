import type { Logger } from '../base/logger.js';
import type { Span, SpanAttributeValue, SpanAttributes, SpanKind, SpanStatusCode, SpanTimeInput } from './span-types.js';
import { type ClockAnchor, type SpanClock, toEpochMs } from './span-time.js';
import { formatTraceparent } from './traceparent.js';

/** One recorded span event, times in milliseconds. @internal */
export interface SpanEventData {
  name: string;
  timestamp: number;
  attributes?: SpanAttributes;
  droppedAttributesCount?: number;
}

/** What names a span and places it in its trace, from start to end. @internal */
export interface SpanIdentity {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  parentIsRemote: boolean;
  name: string;
  kind: SpanKind;
}

/** A span as it ended, before `beforeSpanSend` and encoding. @internal */
export interface EndedSpan extends SpanIdentity {
  status?: { code: SpanStatusCode; message?: string };
  attributes: SpanAttributes;
  events: SpanEventData[];
  startTime: number;
  endTime: number;
  droppedAttributesCount: number;
  droppedEventsCount: number;
}

/** Per-span caps (spec traces, span limits). @internal */
export interface SpanLimits {
  maxAttributes: number;
  maxEvents: number;
  maxAttributesPerEvent: number;
  maxStringLength: number;
}

/** Everything a span starts with. @internal */
export interface SpanInit extends SpanIdentity {
  /** SDK context first, the caller's attributes over it. */
  attributes: SpanAttributes;
  /** Keys the SDK set itself: exempt from the attribute cap. */
  autoKeys: ReadonlySet<string>;
  limits: SpanLimits;
  startTime: number;
  /** `undefined` for a backdated span, whose later times are wall-clock times. */
  anchor: ClockAnchor | undefined;
  clock: SpanClock;
  logger: Logger;
  onEnd: (span: EndedSpan) => void;
}

/** A non-empty name, cut to the string limit; anything else is `unknown` (spec traces, client-side validity). @internal */
export function spanName(name: unknown, maxLength: number, logger: Logger): string {
  if (typeof name === 'string' && name.trim() !== '') return name.length > maxLength ? name.slice(0, maxLength) : name;
  logger.debug('a span or span event name must be a non-empty string; using "unknown"');
  return 'unknown';
}

/** `exception.type` and `exception.message` of anything thrown. @internal */
export function describeError(error: unknown): { type: string; message: string; stack?: string } {
  try {
    if (error instanceof Error) return { type: error.name || 'Error', message: error.message, stack: error.stack };
    if (typeof error === 'string') return { type: 'string', message: error };
    const maybe = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
    if (maybe !== null && typeof maybe === 'object' && typeof maybe.message === 'string') {
      return { type: typeof maybe.name === 'string' ? maybe.name : 'Object', message: maybe.message, stack: typeof maybe.stack === 'string' ? maybe.stack : undefined };
    }
    return { type: typeof error, message: String(error) };
  } catch {
    return { type: typeof error, message: '' };
  }
}

/**
 * The handle of a span being recorded. Attributes and events past their caps are dropped and
 * counted, earliest kept; SDK keys never count against the cap. After `end()` every call does
 * nothing (with a debug line), and `end()` produces at most one record.
 * @internal
 */
export class RecordingSpan implements Span {
  private name: string;
  private readonly attributes = new Map<string, SpanAttributeValue>();
  private userAttributes = 0;
  private droppedAttributes = 0;
  private readonly events: SpanEventData[] = [];
  private droppedEvents = 0;
  private status: EndedSpan['status'];
  private ended = false;

  constructor(private readonly init: SpanInit) {
    this.name = init.name;
    for (const [key, value] of Object.entries(init.attributes)) this.write(key, value);
  }

  get traceId(): string {
    return this.init.traceId;
  }
  get spanId(): string {
    return this.init.spanId;
  }
  /** The context a child of this span starts from. */
  get childParent(): { traceId: string; spanId: string; traceState: string | undefined; anchor: ClockAnchor | undefined } {
    return { traceId: this.init.traceId, spanId: this.init.spanId, traceState: this.init.traceState, anchor: this.init.anchor };
  }
  /** Whether the caller set status `ok`, which a failing `withSpan` callback does not overwrite. */
  get statusIsOk(): boolean {
    return this.status?.code === 'ok';
  }

  setAttribute(key: string, value: SpanAttributeValue): this {
    if (this.open('setAttribute') && typeof key === 'string') this.write(key, value);
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    if (this.open('setAttributes') && attributes !== null && typeof attributes === 'object') {
      for (const [key, value] of Object.entries(attributes)) this.write(key, value);
    }
    return this;
  }

  addEvent(name: string, attributes?: SpanAttributes, timestamp?: SpanTimeInput): this {
    if (!this.open('addEvent')) return this;
    if (this.events.length >= this.init.limits.maxEvents) {
      this.droppedEvents++;
      return this;
    }
    const supplied = toEpochMs(timestamp);
    if (timestamp !== undefined && supplied === undefined) this.init.logger.debug('span event timestamp is not a valid time; using now');
    const event: SpanEventData = { name: spanName(name, this.init.limits.maxStringLength, this.init.logger), timestamp: supplied ?? this.now() };
    if (attributes !== null && typeof attributes === 'object') Object.assign(event, capEventAttributes(attributes, this.init.limits.maxAttributesPerEvent));
    this.events.push(event);
    return this;
  }

  setStatus(status: SpanStatusCode, message?: string): this {
    if (!this.open('setStatus')) return this;
    if (status !== 'ok' && status !== 'error') {
      this.init.logger.debug(`span status must be "ok" or "error", got ${String(status)}; ignored`);
      return this;
    }
    this.status = typeof message === 'string' && message !== '' ? { code: status, message: message.slice(0, this.init.limits.maxStringLength) } : { code: status };
    return this;
  }

  recordException(error: unknown): this {
    if (!this.open('recordException')) return this;
    const { type, message, stack } = describeError(error);
    this.addEvent('exception', { 'exception.type': type, 'exception.message': message, 'exception.stacktrace': stack });
    return this.setStatus('error', message);
  }

  updateName(name: string): this {
    if (this.open('updateName')) this.name = spanName(name, this.init.limits.maxStringLength, this.init.logger);
    return this;
  }

  traceparent(): string {
    return formatTraceparent(this.init.traceId, this.init.spanId);
  }

  tracestate(): string | null {
    return this.init.traceState ?? null;
  }

  end(endTime?: SpanTimeInput): void {
    if (!this.open('end')) return;
    this.ended = true;
    const { init } = this;
    const supplied = toEpochMs(endTime);
    if (endTime !== undefined && supplied === undefined) init.logger.debug('span end time is not a valid time; using the measured end');
    const end = supplied ?? this.now();
    init.onEnd({
      traceId: init.traceId,
      spanId: init.spanId,
      parentSpanId: init.parentSpanId,
      traceState: init.traceState,
      parentIsRemote: init.parentIsRemote,
      name: this.name,
      kind: init.kind,
      status: this.status,
      attributes: Object.fromEntries(this.attributes),
      events: this.events,
      startTime: init.startTime,
      // End before start (a backdated or hand-set time) is corrected to the start.
      endTime: Math.max(end, init.startTime),
      droppedAttributesCount: this.droppedAttributes,
      droppedEventsCount: this.droppedEvents,
    });
  }

  /** Now on this span's clock: anchored monotonic time, or wall time for a backdated span. */
  private now(): number {
    const { anchor, clock } = this.init;
    return anchor === undefined ? clock.wallNow() : anchor.wall + Math.max(0, clock.monoNow() - anchor.mono);
  }

  private open(operation: string): boolean {
    if (this.ended) this.init.logger.debug(`${operation} on a span that has ended; ignored`);
    return !this.ended;
  }

  private write(key: string, value: SpanAttributeValue): void {
    const auto = this.init.autoKeys.has(key);
    if (value === null || value === undefined) {
      if (this.attributes.delete(key) && !auto) this.userAttributes--;
      return;
    }
    if (!auto && !this.attributes.has(key)) {
      if (this.userAttributes >= this.init.limits.maxAttributes) {
        this.droppedAttributes++;
        return;
      }
      this.userAttributes++;
    }
    this.attributes.set(key, value);
  }
}

/** An event's attributes, the first `max` kept, the rest counted. @internal */
export function capEventAttributes(attributes: SpanAttributes, max: number): { attributes: SpanAttributes; droppedAttributesCount?: number } {
  const kept: SpanAttributes = {};
  let count = 0;
  let dropped = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    if (count >= max) dropped++;
    else {
      // defineProperty, not assignment: a key named `__proto__` stays an attribute.
      Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
      count++;
    }
  }
  return dropped > 0 ? { attributes: kept, droppedAttributesCount: dropped } : { attributes: kept };
}
