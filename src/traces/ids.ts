// W3C Trace Context ids: 16-byte trace ids and 8-byte span ids, random, never all zero, as
// lowercase hex on the JSON wire (spec traces, trace and span identifiers).

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

const bytes = new Uint8Array(16);

function randomHex(length: 8 | 16): string {
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  let zero = true;
  for (let i = 0; i < length; i++) {
    hex += HEX[bytes[i]];
    if (bytes[i] !== 0) zero = false;
  }
  // All zero is the invalid id; the chance is 2^-64 at worst, but the rule is absolute.
  return zero ? `${hex.slice(0, -1)}1` : hex;
}

/** A new 32-hex-character trace id. @internal */
export const newTraceId = (): string => randomHex(16);

/** A new 16-hex-character span id. @internal */
export const newSpanId = (): string => randomHex(8);

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZERO = /^0+$/;

/** 32 lowercase hex characters, not all zero. @internal */
export const isTraceId = (value: unknown): value is string => typeof value === 'string' && TRACE_ID.test(value) && !ALL_ZERO.test(value);

/** 16 lowercase hex characters, not all zero. @internal */
export const isSpanId = (value: unknown): value is string => typeof value === 'string' && SPAN_ID.test(value) && !ALL_ZERO.test(value);
