/**
 * The spool's file format. A segment file starts with {@link SEGMENT_MAGIC}, then holds records:
 *
 *   u32 LE  length of the payload (bits 0–29) and its kind (bits 30–31: 0 event, 1 acknowledgement)
 *   u32 LE  the event's index in the segment (events); the number of indices listed (acknowledgements)
 *   u32 LE  checksum of the payload, seeded with the two words before it
 *   …       payload: the event's JSON (UTF-8), or the acknowledged indices as text (`0-99,105`)
 *
 * Length and checksum find a record torn by a process killed mid-write (its bytes end early) and one
 * damaged on disk (its checksum fails); either is skipped and the rest of the file is still read.
 * Events carry their index, so a damaged record never shifts which event an acknowledgement means.
 * @internal
 */

/** First bytes of every segment file ("PHS" and format version 1). */
export const SEGMENT_MAGIC = new Uint8Array([0x50, 0x48, 0x53, 0x01]);
const HEADER_BYTES = 12;
const LENGTH_MASK = 0x3fffffff;
const KIND_ACK = 1;
/** Longer than any event the SDK sends (AI events stop at 8 MiB): a length beyond it is damage. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
/** Mixed into every checksum, so that a run of zero bytes never reads as a valid record. */
const CHECKSUM_SEED = 0x5f3759df;

/**
 * murmur3 (32-bit) over `bytes[start, end)`: four bytes per step, so it costs a fraction of what a
 * byte-wise CRC does on the capture path, and it catches torn and damaged records just as well.
 */
export function checksum(bytes: Uint8Array, start: number, end: number, seed: number): number {
  let h = seed | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const rest = end - i;
  if (rest === 3) k ^= bytes[i + 2] << 16;
  if (rest >= 2) k ^= bytes[i + 1] << 8;
  if (rest >= 1) {
    k ^= bytes[i];
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= end - start;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const seedOf = (word0: number, word1: number) => (CHECKSUM_SEED ^ word0 ^ word1) | 0;

/**
 * Frames records into one reused buffer, so appending an event costs one UTF-8 encode, one checksum
 * and no allocation; the caller writes `bytes[0, length)` with a single write.
 * @internal
 */
export class RecordEncoder {
  private buffer = new Uint8Array(0);
  private view = new DataView(this.buffer.buffer);
  private payload = this.buffer;
  private readonly utf8 = new TextEncoder();

  /** The buffer the last `encode*` call filled. */
  get bytes(): Uint8Array {
    return this.buffer;
  }

  /** Frames one event; returns the record's length in {@link bytes}. */
  encodeEvent(json: string, index: number): number {
    // A UTF-16 unit takes at most 3 UTF-8 bytes.
    this.reserve(json.length * 3);
    const length = this.utf8.encodeInto(json, this.payload).written;
    return this.frame(length, 0, index);
  }

  /** Frames an acknowledgement of event indices (sorted ascending). */
  encodeAck(indices: readonly number[]): number {
    const text = rangesText(indices);
    this.reserve(text.length);
    const length = this.utf8.encodeInto(text, this.payload).written;
    return this.frame(length, KIND_ACK, indices.length);
  }

  private frame(length: number, kind: number, word1: number): number {
    const word0 = (length | (kind << 30)) >>> 0;
    this.view.setUint32(0, word0, true);
    this.view.setUint32(4, word1, true);
    this.view.setUint32(8, checksum(this.buffer, HEADER_BYTES, HEADER_BYTES + length, seedOf(word0, word1)), true);
    return HEADER_BYTES + length;
  }

  private reserve(payloadBytes: number): void {
    if (HEADER_BYTES + payloadBytes <= this.buffer.length) return;
    this.buffer = new Uint8Array(Math.max(64 * 1024, 2 ** Math.ceil(Math.log2(HEADER_BYTES + payloadBytes))));
    this.view = new DataView(this.buffer.buffer);
    this.payload = this.buffer.subarray(HEADER_BYTES);
  }
}

/** `[0,1,2,5,7,8]` → `0-2,5,7-8`. */
function rangesText(indices: readonly number[]): string {
  let text = '';
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    text += `${text === '' ? '' : ','}${indices[i]}${j > i ? `-${indices[j]}` : ''}`;
    i = j + 1;
  }
  return text;
}

/** What a segment file holds. @internal */
export interface SegmentContents {
  /** Events not acknowledged, in file order, with their index. */
  pending: Array<{ index: number; json: string }>;
  /** Events in the file, acknowledged or not. */
  events: number;
  /** Records skipped because their checksum failed. */
  damaged: number;
  /** The file ends inside a record (a write cut short). */
  torn: boolean;
  /** Where the last whole record ends: appending must start here. */
  cleanEnd: number;
  /** The file does not start with {@link SEGMENT_MAGIC} (and is not empty or a torn start). */
  foreign: boolean;
}

/** Reads a segment file's records. Never throws. @internal */
export function readSegment(bytes: Uint8Array): SegmentContents {
  const contents: SegmentContents = { pending: [], events: 0, damaged: 0, torn: false, cleanEnd: 0, foreign: false };
  if (bytes.length < SEGMENT_MAGIC.length) return contents; // killed before the magic was written
  if (SEGMENT_MAGIC.some((b, i) => bytes[i] !== b)) {
    contents.foreign = true;
    return contents;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder();
  const events: Array<{ index: number; json: string }> = [];
  const acked = new Set<number>();
  let pos = SEGMENT_MAGIC.length;
  while (pos < bytes.length) {
    if (bytes.length - pos < HEADER_BYTES) break;
    const word0 = view.getUint32(pos, true);
    const word1 = view.getUint32(pos + 4, true);
    const length = word0 & LENGTH_MASK;
    const start = pos + HEADER_BYTES;
    if (length > MAX_PAYLOAD_BYTES || start + length > bytes.length) break;
    pos = start + length;
    if (length === 0 || view.getUint32(start - 4, true) !== checksum(bytes, start, pos, seedOf(word0, word1))) {
      contents.damaged++;
      continue;
    }
    const text = utf8.decode(bytes.subarray(start, pos));
    if (word0 >>> 30 === KIND_ACK) addRanges(text, acked);
    else events.push({ index: word1, json: text });
  }
  contents.torn = pos < bytes.length;
  contents.cleanEnd = pos;
  contents.events = events.length;
  contents.pending = events.filter((e) => !acked.has(e.index));
  return contents;
}

function addRanges(text: string, into: Set<number>): void {
  for (const part of text.split(',')) {
    const dash = part.indexOf('-');
    const from = Number(dash === -1 ? part : part.slice(0, dash));
    const to = dash === -1 ? from : Number(part.slice(dash + 1));
    for (let i = from; i <= to; i++) into.add(i);
  }
}
