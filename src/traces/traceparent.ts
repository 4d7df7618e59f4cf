import { isSpanId, isTraceId } from './ids.js';

/** A span context that came from elsewhere: a `traceparent` header or an OpenTelemetry span. @internal */
export interface RemoteParent {
  traceId: string;
  spanId: string;
  traceState: string | undefined;
  /** True for a header from another service; false for a span of this process. */
  isRemote: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Reads a W3C `traceparent` header value; `undefined` when it is not one (version `ff`, extra
 * fields on version 00, all-zero ids, wrong lengths or case). The flags are not kept: every span
 * recorded here is sampled.
 * @internal
 */
export function parseTraceparent(value: unknown): { traceId: string; spanId: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  return isTraceId(traceId) && isSpanId(spanId) ? { traceId, spanId } : undefined;
}

/** The header for a span: the sampled flag is always set, since every recorded span is exported. @internal */
export const formatTraceparent = (traceId: string, spanId: string): string => `00-${traceId}-${spanId}-01`;

const MAX_TRACESTATE_MEMBERS = 32;
const MAX_TRACESTATE_LENGTH = 512;

/**
 * A `tracestate` kept as it came, or `undefined` when it is not a valid one (non-printable
 * characters, a member without `=`, more than 32 members, over 512 characters); an invalid
 * tracestate never invalidates its traceparent (spec traces, trace context interop).
 * @internal
 */
export function sanitizeTracestate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_TRACESTATE_LENGTH || /[^\x20-\x7e\t]/.test(trimmed)) return undefined;
  const members = trimmed.split(',');
  if (members.length > MAX_TRACESTATE_MEMBERS) return undefined;
  return members.every((member) => member.trim() === '' || member.includes('=')) ? trimmed : undefined;
}
