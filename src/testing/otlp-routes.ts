import type { RecordedOtlpItem, RecordedRequest } from './types.js';

type Answer = { status: number; body?: unknown };

/** The ingestion service's body limit for OTLP requests, raw or decompressed (spec logs and traces). */
export const OTLP_MAX_BODY_BYTES = 2_000_000;

/**
 * How PostHog's OTLP ingestion answers: 401 without a token (`?token=` or `Authorization: Bearer`),
 * 413 above the body limit, 400 for a body that is not an OTLP JSON export of the route's signal,
 * else 200 `{}`. A well-formed but unknown token is accepted, as the real service does.
 */
export function otlpAnswer(request: RecordedRequest, maxBodyBytes: number): Answer {
  const bearer = /^Bearer \S+$/.test(request.headers.authorization ?? '');
  if (!bearer && !request.query.token) return { status: 401, body: { error: 'no token' } };
  if (request.decodedBytes > maxBodyBytes) return { status: 413, body: { error: 'payload too large' } };
  const outer = request.route === 'logs' ? 'resourceLogs' : 'resourceSpans';
  const resources = (request.body as Record<string, unknown> | null)?.[outer];
  if (!Array.isArray(resources)) return { status: 400, body: { error: `expected ${outer}` } };
  // One timestamp that does not fit signed 64-bit nanoseconds fails the whole request (spec traces).
  for (const item of otlpItems(request)) {
    const times = [item.record.timeUnixNano, item.record.startTimeUnixNano, item.record.endTimeUnixNano];
    for (const event of (item.record.events as Array<{ timeUnixNano?: unknown }> | undefined) ?? []) times.push(event.timeUnixNano);
    if (times.some((time) => time !== undefined && !fitsI64Nanos(time))) return { status: 400, body: { error: 'timestamp out of range' } };
  }
  return { status: 200, body: {} };
}

const I64_MAX = 2n ** 63n - 1n;

function fitsI64Nanos(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  if (!/^\d+$/.test(String(value))) return false;
  return BigInt(value) <= I64_MAX;
}

/** An OTLP key/value list as a plain object (AnyValue → its value; nested lists recursively). */
export function plainAttributes(list: unknown): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  if (!Array.isArray(list)) return plain;
  for (const entry of list as Array<{ key?: unknown; value?: unknown }>) {
    if (typeof entry?.key === 'string') plain[entry.key] = plainValue(entry.value);
  }
  return plain;
}

/** An OTLP AnyValue as a plain value: `{ intValue: "42" }` → 42 (a string beyond safe integers). */
export function plainValue(value: unknown): unknown {
  const v = (value ?? {}) as Record<string, unknown>;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('doubleValue' in v) return v.doubleValue;
  if ('intValue' in v) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : v.intValue;
  }
  if ('arrayValue' in v) return ((v.arrayValue as { values?: unknown[] })?.values ?? []).map(plainValue);
  if ('kvlistValue' in v) return plainAttributes((v.kvlistValue as { values?: unknown })?.values);
  return undefined;
}

/** Every log record or span of a stored OTLP request, each with its resource and scope. */
export function otlpItems(request: RecordedRequest): RecordedOtlpItem[] {
  const [outer, inner, leaf] = request.route === 'logs' ? ['resourceLogs', 'scopeLogs', 'logRecords'] : ['resourceSpans', 'scopeSpans', 'spans'];
  const items: RecordedOtlpItem[] = [];
  for (const resourceEntry of ((request.body as Record<string, unknown>)?.[outer] as unknown[]) ?? []) {
    const r = resourceEntry as Record<string, unknown>;
    const resource = plainAttributes((r.resource as { attributes?: unknown })?.attributes);
    for (const scopeEntry of (r[inner] as unknown[]) ?? []) {
      const s = scopeEntry as Record<string, unknown>;
      for (const record of (s[leaf] as unknown[]) ?? []) {
        items.push({ record: record as Record<string, unknown>, resource, scope: (s.scope ?? {}) as Record<string, unknown>, requestIndex: request.index });
      }
    }
  }
  return items;
}
