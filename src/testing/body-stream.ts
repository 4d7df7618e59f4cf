import type { ServerResponse } from 'node:http';
import * as zlib from 'node:zlib';
import type { Fault, RecordedRequest } from './types.js';

type BodyFault = Extract<Fault, { kind: 'body' }>;

/** A gzip member header: magic, deflate, no flags, no mtime, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty final deflate block (fixed Huffman, end of block). */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** CRC-32 of `data` continuing from `crc` (node:zlib's where this Node.js has it, 20.15+). */
function crc32(data: Uint8Array, crc: number): number {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v: number) => number }).crc32;
  if (native !== undefined) return native(data, crc);
  let c = ~crc >>> 0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/**
 * Writes a `body` fault at the client's pace, marking the request `abandoned` when the client
 * closes the connection first. gzip: the chunk compressed once as a sync-flushed
 * (non-final, byte-aligned) deflate block with no history, which stays valid when repeated; the
 * stream ends with an empty final block and the CRC and length of everything inflated.
 * @internal
 */
export function streamBody(fault: BodyFault, request: RecordedRequest, res: ServerResponse, changed: () => void): void {
  const chunk = Buffer.from(typeof fault.chunk === 'string' ? Buffer.from(fault.chunk) : fault.chunk);
  const repeat = fault.repeat ?? 1;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...fault.headers };
  const piece = fault.gzip === true ? zlib.deflateRawSync(chunk, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : chunk;
  if (fault.gzip === true) headers['content-encoding'] = 'gzip';
  let written = 0;
  let closed = false;
  res.on('error', () => {});
  res.on('close', () => {
    closed = true;
    if (!res.writableFinished) {
      request.abandoned = true;
      changed();
    }
  });
  const trailer = () => {
    if (fault.gzip !== true) return Buffer.alloc(0);
    let crc = 0;
    for (let i = 0; i < repeat; i++) crc = crc32(chunk, crc);
    const tail = Buffer.alloc(8);
    tail.writeUInt32LE(crc, 0);
    tail.writeUInt32LE((chunk.length * repeat) % 2 ** 32, 4);
    return Buffer.concat([FINAL_EMPTY_BLOCK, tail]);
  };
  const pump = () => {
    while (!closed && written < repeat) {
      written++;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!closed) res.end(trailer());
  };
  res.writeHead(request.outcome as number, headers);
  if (fault.gzip === true) res.write(GZIP_HEADER);
  pump();
}
