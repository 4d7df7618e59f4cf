import { AsyncLocalStorage } from 'node:async_hooks';
import { gzipSync, gzip as zlibGzip } from 'node:zlib';
import { type ContextStorage, type Platform, createTimerScheduler } from './platform.js';

/**
 * Bodies up to this size are compressed inline: setting up an async zlib stream costs more CPU than
 * compressing a typical batch (a 20-event body takes ~15 µs), and the loop is held only that long.
 */
const INLINE_GZIP_MAX_BYTES = 256 * 1024;

/** gzip; large bodies go to libuv's thread pool so compression never holds the event loop for long. */
function gzip(body: Uint8Array): Promise<Uint8Array> {
  if (body.byteLength <= INLINE_GZIP_MAX_BYTES) {
    try {
      return Promise.resolve(gzipSync(body));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    zlibGzip(body, (error, result) => (error ? reject(error) : resolve(result)));
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
