import { AsyncLocalStorage } from 'node:async_hooks';
import * as nodeBuffer from 'node:buffer';
import * as zlib from 'node:zlib';
import { type ContextStorage, type Platform, type ProcessErrorHooks, createIntervalKeepAlive, createTimerScheduler } from './platform.js';
import { createNodeSpoolStorage } from './node-spool.js';
import type { SpoolStorage } from './spool-storage.js';
import { canPostWithNodeHttp, nodePost } from './node-post.js';

/**
 * Bodies up to this size are compressed inline, on the event loop: on libuv's thread pool the same
 * body costs 1.3–3x the CPU (a 100 KB batch: ~0.2–0.6 ms inline), and a full batch of 500 events of
 * up to 1 KB each stays inline, holding the loop under a millisecond at level 3.
 */
const INLINE_COMPRESS_MAX_BYTES = 512 * 1024;

/**
 * Level 3: on event batches it compresses about 2.5x faster than zlib's default level 6 for a body
 * about 4% larger (measured on 100 `$feature_flag_called` events: 68 µs → 3.2 KB vs 169 µs → 3.1 KB).
 */
const GZIP_OPTIONS = { level: 3 };

type ZlibCallback = (error: Error | null, result: Buffer) => void;

/**
 * An encoder on node:zlib: small bodies inline, large ones on libuv's thread pool so compression
 * never holds the event loop for long.
 */
function zlibEncoder(inline: (body: Uint8Array) => Uint8Array, pooled: (body: Uint8Array, done: ZlibCallback) => void) {
  return (body: Uint8Array): Promise<Uint8Array> => {
    if (body.byteLength <= INLINE_COMPRESS_MAX_BYTES) {
      try {
        return Promise.resolve(inline(body));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => pooled(body, (error, result) => (error ? reject(error) : resolve(result))));
  };
}

/**
 * UTF-8 bytes as text. Flag definitions and API answers are ASCII nearly always, and ASCII bytes are
 * their own Latin-1 text: copied as such, 1.4 MB of definitions take ~0.15 ms of CPU against ~0.7 ms
 * through `TextDecoder`. Anything else, and runtimes whose node:buffer has no `isAscii` (Node.js
 * before 18.15), go through `TextDecoder`.
 */
function createUtf8Decoder(): ((bytes: Uint8Array) => string) | undefined {
  const { isAscii, Buffer } = nodeBuffer as { isAscii?: (bytes: Uint8Array) => boolean; Buffer?: typeof globalThis.Buffer };
  if (typeof isAscii !== 'function' || Buffer === undefined) return undefined;
  const decoder = new TextDecoder();
  return (bytes) => (isAscii(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') : decoder.decode(bytes));
}

const decodeUtf8 = createUtf8Decoder();

const gzip = zlibEncoder((body) => zlib.gzipSync(body, GZIP_OPTIONS), (body, done) => zlib.gzip(body, GZIP_OPTIONS, done));

/** deflate (zlib-wrapped, as HTTP means it), brotli, and zstd where this Node.js has it (22.15+). */
function nodeEncoders(): Platform['encoders'] {
  const brotli = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
  const encoders: NonNullable<Platform['encoders']> = {
    deflate: zlibEncoder((body) => zlib.deflateSync(body, GZIP_OPTIONS), (body, done) => zlib.deflate(body, GZIP_OPTIONS, done)),
    br: zlibEncoder((body) => zlib.brotliCompressSync(body, brotli), (body, done) => zlib.brotliCompress(body, brotli, done)),
  };
  const z = zlib as unknown as { zstdCompressSync?: (body: Uint8Array) => Buffer; zstdCompress?: (body: Uint8Array, done: ZlibCallback) => void };
  const { zstdCompressSync, zstdCompress } = z;
  if (zstdCompressSync !== undefined && zstdCompress !== undefined) encoders.zstd = zlibEncoder(zstdCompressSync, zstdCompress);
  return encoders;
}

const OS_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux', freebsd: 'FreeBSD', openbsd: 'OpenBSD', sunos: 'SunOS', aix: 'AIX' };
let hostAttributes: Readonly<Record<string, string>> | undefined;

/**
 * OTLP `os.*` resource attributes, read on first use (the first logs or traces batch): node:os is
 * reached through `process.getBuiltinModule` (Node.js 20.16+) so importing the SDK does not load it;
 * older Node.js versions report `os.name` only.
 */
function readHostAttributes(): Readonly<Record<string, string>> {
  if (hostAttributes !== undefined) return hostAttributes;
  const attributes: Record<string, string> = { 'os.name': OS_NAMES[process.platform] ?? process.platform };
  try {
    const os = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:os') as { release(): string } | undefined;
    if (os !== undefined) attributes['os.version'] = os.release();
  } catch {
    // Without a version the resource still names the OS.
  }
  hostAttributes = Object.freeze(attributes);
  return hostAttributes;
}

function createContextStorage(): ContextStorage {
  const storage = new AsyncLocalStorage<unknown>();
  return { run: (value, fn) => storage.run(value, fn), get: () => storage.getStore(), enter: (value) => storage.enterWith(value) };
}

/**
 * Uncaught exceptions on Node.js. Unhandled rejections arrive here too (origin `unhandledRejection`)
 * in Node's default `--unhandled-rejections=throw` mode, so listening for them separately, which
 * would stop them from ending the process, is not needed. When no other listener handles the error,
 * Node would have printed it and exited with code 1: we report first, then do exactly that.
 */
const ourListeners = new Set<unknown>();

const nodeProcessErrors: ProcessErrorHooks = {
  watch(report) {
    const onError = (error: unknown, origin: string) => {
      const kind = origin === 'unhandledRejection' ? 'unhandled_rejection' : 'uncaught_exception';
      // Fatal when only PostHog clients listen: nobody in the app handles it.
      const fatal = process.listeners('uncaughtException').every((listener) => ourListeners.has(listener));
      const reported = report(error, kind, fatal).catch(() => {});
      if (!fatal) return;
      void reported.then(() => {
        console.error(error);
        process.exit(1);
      });
    };
    ourListeners.add(onError);
    process.on('uncaughtException', onError);
    return () => {
      ourListeners.delete(onError);
      process.off('uncaughtException', onError);
    };
  },
};

/** One keep-alive per process: clients share it, so the count is of everything awaited here. */
const keepAlive = createIntervalKeepAlive();

/**
 * The Node.js platform: global fetch (node:http for capture POSTs), node:zlib gzip, AsyncLocalStorage, unref'd timers, a
 * keep-alive for promises handed to callers, and node:fs files for the spool. @internal
 */
export function createNodePlatform(overrides: Partial<Platform> = {}): Platform {
  let spoolStorage: SpoolStorage | undefined;
  return {
    name: 'node',
    fetch: (input, init) => globalThis.fetch(input, init),
    // A fetch of the caller's own gets every request, the capture lanes' too.
    post: overrides.fetch === undefined && canPostWithNodeHttp ? nodePost : undefined,
    decodeUtf8,
    gzip,
    encoders: nodeEncoders(),
    scheduler: createTimerScheduler(),
    keepAlive,
    contextStorage: createContextStorage(),
    processErrors: nodeProcessErrors,
    get hostAttributes() {
      return readHostAttributes();
    },
    // Made when a spool first asks for it (most clients have none): its code is not even compiled.
    get spoolStorage() {
      return (spoolStorage ??= createNodeSpoolStorage());
    },
    ...overrides,
  };
}
