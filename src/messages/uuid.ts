// UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version 7, 74 random bits. Random bytes are drawn in
// blocks from the web-standard crypto so one call costs a few array reads, not a syscall.
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

/** Returns a new UUIDv7 for the given time (ms since the epoch). @internal */
export function uuidv7(nowMs: number): string {
  const ms = Math.floor(nowMs);
  const high = Math.floor(ms / 0x10000); // top 32 bits of the 48-bit timestamp
  const low = ms % 0x10000;
  const r = (): string => HEX[randomByte()];
  return (
    HEX[(high >>> 24) & 0xff] + HEX[(high >>> 16) & 0xff] + HEX[(high >>> 8) & 0xff] + HEX[high & 0xff] +
    '-' + HEX[(low >>> 8) & 0xff] + HEX[low & 0xff] +
    '-' + HEX[0x70 | (randomByte() & 0x0f)] + r() +
    '-' + HEX[0x80 | (randomByte() & 0x3f)] + r() +
    '-' + r() + r() + r() + r() + r() + r()
  );
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID of any version. @internal */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
