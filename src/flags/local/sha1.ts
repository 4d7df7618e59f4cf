import { compressBlock } from './sha1-rounds.js';

/**
 * Synchronous SHA-1, sized for flag bucketing: short inputs, called up to a few times per flag.
 * It runs on every runtime (no WebCrypto promise per call) and reuses its buffers, so hashing
 * allocates nothing but the occasional bigger buffer for a long input.
 * @internal
 */

/** The message as big-endian 32-bit words, padded; grown for long inputs. */
let message = new Int32Array(64);
const state = new Int32Array(5);
/** UTF-8 bytes of a non-ASCII input, before they are packed into words. */
let utf8 = new Uint8Array(256);
const encoder = new TextEncoder();

/** 2^60 - 1 as PostHog's SDKs compute it in floating point (where it rounds to 2^60). */
const SCALE = 2 ** 60 - 1;

/** Words of the padded message for `length` bytes: the bytes, 0x80, zeros, the 64-bit bit length. */
function paddedWords(length: number): number {
  return (((length + 8) >>> 6) + 1) * 16;
}

/** Zeroes the first `count` words, growing the buffer when needed. */
function clearWords(count: number): void {
  if (message.length < count) message = new Int32Array(Math.max(count, message.length * 2));
  else message.fill(0, 0, count);
}

/** ORs byte `value` into position `at` of the (zeroed) message. */
function putByte(at: number, value: number): void {
  message[at >> 2] |= value << (24 - ((at & 3) << 3));
}

/** Writes ASCII `text` from byte `at`; the new end, or -1 at the first non-ASCII character. */
function putAscii(text: string, at: number): number {
  const m = message;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    const p = at + i;
    m[p >> 2] |= c << (24 - ((p & 3) << 3));
  }
  return at + text.length;
}

/** Loads `a + b + c` as UTF-8 into the message; returns its length in bytes. */
function load(a: string, b: string, c: string): number {
  clearWords(paddedWords(a.length + b.length + c.length));
  let end = putAscii(a, 0);
  if (end >= 0) end = putAscii(b, end);
  if (end >= 0) end = putAscii(c, end);
  if (end >= 0) return end;
  // Non-ASCII (rare for ids and keys): the encoder writes the bytes (lone surrogates as U+FFFD).
  const text = a + b + c;
  if (utf8.length < text.length * 3) utf8 = new Uint8Array(text.length * 3 + 64);
  const length = encoder.encodeInto(text, utf8).written;
  clearWords(paddedWords(length));
  for (let i = 0; i < length; i++) putByte(i, utf8[i]);
  return length;
}

/** Hashes the first `length` bytes of the loaded message into `state`. */
function digest(length: number): void {
  const total = paddedWords(length);
  putByte(length, 0x80);
  const m = message;
  m[total - 2] = Math.floor(length / 0x20000000);
  m[total - 1] = length << 3;

  const h = state;
  h[0] = 0x67452301;
  h[1] = 0xefcdab89 | 0;
  h[2] = 0x98badcfe | 0;
  h[3] = 0x10325476;
  h[4] = 0xc3d2e1f0 | 0;
  for (let offset = 0; offset < total; offset += 16) compressBlock(m, offset, h);
}

/**
 * The first 60 bits of SHA-1(utf8(text)) divided by 2^60 - 1: a number in [0, 1], bit-for-bit
 * what PostHog computes as `int(sha1(text)[:15], 16) / 0xFFFFFFFFFFFFFFF`.
 */
export function sha1Fraction(text: string): number {
  return sha1FractionOf(text, '', '');
}

/** `sha1Fraction(a + b + c)` without building the joined string. */
export function sha1FractionOf(a: string, b: string, c: string): number {
  digest(load(a, b, c));
  // 32 bits of h0 then the top 28 bits of h1: one correctly rounded addition, like parsing the hex.
  return ((state[0] >>> 0) * 0x10000000 + (state[1] >>> 4)) / SCALE;
}

/** Full SHA-1 as lower-case hex (tests compare it with node:crypto). */
export function sha1Hex(text: string): string {
  digest(load(text, '', ''));
  let out = '';
  for (const x of state) out += (x >>> 0).toString(16).padStart(8, '0');
  return out;
}
