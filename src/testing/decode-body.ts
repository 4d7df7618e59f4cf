import * as zlib from 'node:zlib';

/** Undoes a `Content-Encoding` (gzip, deflate, br, zstd where this Node.js has it). */
export function decodeBody(raw: Buffer, encoding: string | undefined): Buffer {
  switch (encoding) {
    case undefined:
    case 'identity':
      return raw;
    case 'gzip':
      return zlib.gunzipSync(raw);
    case 'deflate':
      return zlib.inflateSync(raw);
    case 'br':
      return zlib.brotliDecompressSync(raw);
    case 'zstd': {
      const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
      if (zstd === undefined) throw new Error('zstd is not available on this Node.js');
      return zstd(raw);
    }
    default:
      throw new Error(`unknown Content-Encoding ${encoding}`);
  }
}
