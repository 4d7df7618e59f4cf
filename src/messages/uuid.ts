// UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version 7, then 74 bits that are a 26-bit counter and
// 48 random bits, both drawn afresh for each millisecond (the RFC's "fixed-length dedicated counter",
// method 1): the ids of one millisecond share their random bits and count up. Uniqueness across
// processes rests on the 73 random bits of each millisecond (the counter's start and the shared
// bits), not on bits drawn per id, so the ids of a burst differ in a few hex digits and a gzipped
// batch carries their randomness once per millisecond instead of once per event. The ids are not
// meant to be unguessable (RFC 9562 §6.9): they name events, they grant nothing. Random bytes are
// drawn in blocks from the web-standard crypto so one call costs a few array reads, not a syscall.
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolIndex = POOL_SIZE;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

function randomByte(): number {
  if (poolIndex === POOL_SIZE) {
    globalThis.crypto.getRandomValues(pool);
    poolIndex = 0;
  }
  return pool[poolIndex++];
}

/** The counter's width: 12 bits of `rand_a`, then 14 of `rand_b` (after the variant). */
const COUNTER_MAX = 2 ** 26 - 1;
let lastMs = Number.NaN;
let counter = 0;
/** The text every id of the current millisecond starts with: its timestamp, `xxxxxxxx-xxxx-`. */
let msPrefix = '';
/** The 48 random bits shared by the ids of one millisecond, as twelve hex digits after a dash. */
let shared = '-000000000000';

/**
 * The counter for an id made at `ms`: one more than the last one in the same millisecond, so ids of
 * a burst sort in the order they were made and differ in a few hex digits; a random start below half
 * the range otherwise (and on the practically unreachable overflow), so ids of other processes do
 * not follow. A new millisecond also draws its shared random bits and writes its prefix.
 */
function nextCounter(ms: number): number {
  if (ms === lastMs && counter < COUNTER_MAX) return ++counter;
  if (ms !== lastMs) {
    const high = Math.floor(ms / 0x10000); // top 32 bits of the 48-bit timestamp
    const low = ms % 0x10000;
    msPrefix = `${HEX[(high >>> 24) & 0xff]}${HEX[(high >>> 16) & 0xff]}${HEX[(high >>> 8) & 0xff]}${HEX[high & 0xff]}-${HEX[(low >>> 8) & 0xff]}${HEX[low & 0xff]}-`;
  }
  lastMs = ms;
  counter = ((randomByte() & 0x01) << 24) | (randomByte() << 16) | (randomByte() << 8) | randomByte();
  shared = `-${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}`;
  return counter;
}

/** Returns a new UUIDv7 for the given time (ms since the epoch). @internal */
export function uuidv7(nowMs: number): string {
  const c = nextCounter(Math.floor(nowMs));
  return `${msPrefix}${HEX[0x70 | ((c >>> 22) & 0x0f)]}${HEX[(c >>> 14) & 0xff]}-${HEX[0x80 | ((c >>> 8) & 0x3f)]}${HEX[c & 0xff]}${shared}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID of any version. @internal */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
