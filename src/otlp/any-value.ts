/** An OTLP/JSON `AnyValue`: exactly one of its fields is set. @internal */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  /** int64 as a decimal string, the proto3 JSON form. */
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } };

/** One OTLP attribute. @internal */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** How values are encoded. @internal */
export interface EncodeOptions {
  /** Longest string kept; longer strings are cut. @default no limit */
  maxStringLength?: number;
  /** Told about a value that could not keep its type (an integer beyond int64). */
  debug?: (message: string) => void;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** Nesting deeper than this is cut: attributes are flattened to strings by the server anyway. */
const MAX_DEPTH = 10;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Strings as the server can decode them: a lone UTF-16 surrogate would be escaped by JSON.stringify
 * and then refused by the ingestion service, failing the whole request.
 */
function wellFormed(text: string, maxLength: number | undefined): string {
  const cut = maxLength !== undefined && text.length > maxLength ? text.slice(0, maxLength) : text;
  return LONE_SURROGATE.test(cut) ? cut.replace(LONE_SURROGATE_ALL, '\uFFFD') : cut;
}

function encodeInteger(value: bigint, options: EncodeOptions): OtlpAnyValue {
  const decimal = value.toString();
  if (value <= INT64_MAX && value >= INT64_MIN) return { intValue: decimal };
  // An intValue outside int64 makes the server refuse the whole request (spec traces, attribute encoding).
  options.debug?.(`attribute value ${decimal} is outside the int64 range; sent as a string`);
  return { stringValue: decimal };
}

function encodeNumber(value: number, options: EncodeOptions): OtlpAnyValue {
  if (!Number.isFinite(value)) return { stringValue: String(value) };
  if (!Number.isInteger(value)) return { doubleValue: value };
  return Number.isSafeInteger(value) ? { intValue: String(value) } : encodeInteger(BigInt(value), options);
}

function encode(value: unknown, options: EncodeOptions, seen: Set<object>, depth: number): OtlpAnyValue | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'string':
      return { stringValue: wellFormed(value, options.maxStringLength) };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      return encodeNumber(value, options);
    case 'bigint':
      return encodeInteger(value, options);
    case 'function':
      return { stringValue: '[Function]' };
    case 'symbol':
      return { stringValue: value.toString() };
  }
  if (value === null) return undefined;
  const object = value as object;
  if (seen.has(object)) return { stringValue: '[Circular]' };
  if (depth >= MAX_DEPTH) return { stringValue: '[Truncated]' };
  if (object instanceof Date) return { stringValue: Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString() };
  seen.add(object);
  try {
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return encode(toJSON.call(object), options, seen, depth + 1);
    if (Array.isArray(object)) {
      const values: OtlpAnyValue[] = [];
      for (const item of object) {
        const encoded = encode(item, options, seen, depth + 1);
        if (encoded !== undefined) values.push(encoded);
      }
      return { arrayValue: { values } };
    }
    return { kvlistValue: { values: encodeEntries(object as Record<string, unknown>, options, seen, depth + 1) } };
  } catch {
    return { stringValue: '[Unserializable]' };
  } finally {
    seen.delete(object);
  }
}

function encodeEntries(attributes: Record<string, unknown>, options: EncodeOptions, seen: Set<object>, depth: number): OtlpKeyValue[] {
  const list: OtlpKeyValue[] = [];
  for (const key of Object.keys(attributes)) {
    if (key === '') continue;
    let value: OtlpAnyValue | undefined;
    try {
      value = encode(attributes[key], options, seen, depth);
    } catch {
      value = { stringValue: '[Unserializable]' };
    }
    // null and undefined drop the key (spec logs and traces, attribute value encoding).
    if (value !== undefined) list.push({ key: wellFormed(key, undefined), value });
  }
  return list;
}

/**
 * Encodes one value as an OTLP `AnyValue` by its runtime type: strings, booleans, integers as
 * stringified int64 (beyond int64: a string), other numbers as doubles (NaN and ±Infinity as
 * strings), arrays and objects recursively. `null` / `undefined` give `undefined`.
 * @internal
 */
export function toAnyValue(value: unknown, options: EncodeOptions = {}): OtlpAnyValue | undefined {
  try {
    return encode(value, options, new Set(), 0);
  } catch {
    return { stringValue: '[Unserializable]' };
  }
}

/** Encodes an attribute map as an OTLP key/value list; `null` and `undefined` values drop their key. @internal */
export function toKeyValues(attributes: Readonly<Record<string, unknown>> | undefined, options: EncodeOptions = {}): OtlpKeyValue[] {
  if (attributes === undefined || attributes === null || typeof attributes !== 'object') return [];
  try {
    return encodeEntries(attributes as Record<string, unknown>, options, new Set(), 0);
  } catch {
    return [];
  }
}
