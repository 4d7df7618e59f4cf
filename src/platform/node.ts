import { AsyncLocalStorage } from 'node:async_hooks';
import { gzipSync, gzip as zlibGzip } from 'node:zlib';
import { type ContextStorage, type Platform, createTimerScheduler } from './platform.js';

/**
 * Bodies up to this size are compressed inline: setting up an async zlib stream costs more CPU than
 * compressing a typical batch (a 20-event body takes ~15 µs), and the loop is held only that long.
 */
const INLINE_GZIP_MAX_BYTES = 256 * 1024;

/**
 * Level 3: on event batches it compresses about 2.5x faster than zlib's default level 6 for a body
 * about 4% larger (measured on 100 `$feature_flag_called` events: 68 µs → 3.2 KB vs 169 µs → 3.1 KB).
 */
const GZIP_OPTIONS = { level: 3 };

/** gzip; large bodies go to libuv's thread pool so compression never holds the event loop for long. */
function gzip(body: Uint8Array): Promise<Uint8Array> {
  if (body.byteLength <= INLINE_GZIP_MAX_BYTES) {
    try {
      return Promise.resolve(gzipSync(body, GZIP_OPTIONS));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    zlibGzip(body, GZIP_OPTIONS, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function createContextStorage(): ContextStorage {
  const storage = new AsyncLocalStorage<unknown>();
  return { run: (value, fn) => storage.run(value, fn), get: () => storage.getStore() };
}

/** The Node.js platform: global fetch, node:zlib gzip, AsyncLocalStorage, unref'd timers. @internal */
export function createNodePlatform(overrides: Partial<Platform> = {}): Platform {
  return {
    name: 'node',
    fetch: (input, init) => globalThis.fetch(input, init),
    gzip,
    scheduler: createTimerScheduler(),
    contextStorage: createContextStorage(),
    ...overrides,
  };
}
