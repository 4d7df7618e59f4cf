/**
 * Synchronous SHA-1, sized for flag bucketing: short inputs, called up to a few times per flag.
 * It runs on every runtime (no WebCrypto promise per call) and reuses its buffers, so hashing
 * allocates nothing but the occasional bigger buffer for a long input.
 * @internal
 */

const words = new Int32Array(80);
const encoder = new TextEncoder();
let bytes = new Uint8Array(256);

/** 2^60 - 1 as PostHog's SDKs compute it in floating point (where it rounds to 2^60). */
const SCALE = 2 ** 60 - 1;

function ensureCapacity(size: number): void {
  if (bytes.length < size) bytes = new Uint8Array(Math.max(size, bytes.length * 2));
}

/** Writes `text` as UTF-8 into `bytes` from `at`; returns the new end. */
function encodeAt(text: string, at: number): number {
  const n = text.length;
  ensureCapacity(at + n + 72);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      // Non-ASCII: let the encoder write this part (rare for ids and keys).
      ensureCapacity(at + n * 3 + 72);
      return i + at + encoder.encodeInto(text.slice(i), bytes.subarray(at + i)).written;
    }
    bytes[at + i] = c;
  }
  return at + n;
}

const state = new Int32Array(5);

/** Hashes the first `length` bytes of `bytes` into `state`. */
function digest(length: number): void {
  const total = ((length + 8) >>> 6) * 64 + 64;
  ensureCapacity(total);
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, total - 8);
  const bits = length * 8;
  const high = Math.floor(bits / 0x100000000);
  bytes[total - 8] = high >>> 24;
  bytes[total - 7] = high >>> 16;
  bytes[total - 6] = high >>> 8;
  bytes[total - 5] = high;
  bytes[total - 4] = bits >>> 24;
  bytes[total - 3] = bits >>> 16;
  bytes[total - 2] = bits >>> 8;
  bytes[total - 1] = bits;

  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = words;
  const b = bytes;
  for (let offset = 0; offset < total; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let bb = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (bb & c) | (~bb & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = bb ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (bb & c) | (bb & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = bb ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = (bb << 30) | (bb >>> 2);
      bb = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + bb) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
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
  digest(encodeAt(c, encodeAt(b, encodeAt(a, 0))));
  // 32 bits of h0 then the top 28 bits of h1: one correctly rounded addition, like parsing the hex.
  return ((state[0] >>> 0) * 0x10000000 + (state[1] >>> 4)) / SCALE;
}

/** Full SHA-1 as lower-case hex (tests compare it with node:crypto). */
export function sha1Hex(text: string): string {
  digest(encodeAt(text, 0));
  let out = '';
  for (const x of state) out += (x >>> 0).toString(16).padStart(8, '0');
  return out;
}
