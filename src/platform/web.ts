import { type ContextStorage, type KeepAlive, type Platform, createIntervalKeepAlive, createTimerScheduler, passThroughKeepAlive } from './platform.js';

// Detected once at module load, never per call.
const HAS_COMPRESSION_STREAM = typeof (globalThis as { CompressionStream?: unknown }).CompressionStream === 'function';

/**
 * workerd and Vercel edge keep an invocation alive through `waitUntil` and freeze it afterwards, so
 * a timer there holds nothing; Node.js, Bun and Deno end a process whose loop is empty, so the edge
 * entry holds the loop open there while a caller awaits.
 */
const HOST_KEEPS_WORK_ALIVE =
  (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === 'Cloudflare-Workers' ||
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';
const keepAlive: KeepAlive = HOST_KEEPS_WORK_ALIVE ? passThroughKeepAlive : createIntervalKeepAlive();

/** The part of `AsyncLocalStorage` request context needs (Node's API, as Bun, Deno, workerd and Vercel expose it). */
type AsyncLocalStorageClass = new () => { run<R>(store: unknown, fn: () => R): R; getStore(): unknown };

/**
 * `AsyncLocalStorage` where the runtime has it, found without importing a Node built-in (a static
 * `import 'node:async_hooks'` would fail to load on runtimes without it): Vercel edge puts it on
 * `globalThis`; Node.js (20.16+), Bun, Deno and workerd with the `nodejs_compat` flag hand it out
 * through `process.getBuiltinModule`. Without either, request context is off and `withContext`
 * simply runs its callback.
 */
function findAsyncLocalStorage(): AsyncLocalStorageClass | undefined {
  const host = globalThis as { AsyncLocalStorage?: unknown; process?: { getBuiltinModule?: (id: string) => unknown } };
  if (typeof host.AsyncLocalStorage === 'function') return host.AsyncLocalStorage as AsyncLocalStorageClass;
  try {
    const hooks = host.process?.getBuiltinModule?.('node:async_hooks') as { AsyncLocalStorage?: unknown } | undefined;
    if (typeof hooks?.AsyncLocalStorage === 'function') return hooks.AsyncLocalStorage as AsyncLocalStorageClass;
  } catch {
    // A runtime that refuses the module has no request context; nothing else depends on it.
  }
  return undefined;
}

const ASYNC_LOCAL_STORAGE = findAsyncLocalStorage();

function createContextStorage(): ContextStorage | undefined {
  if (ASYNC_LOCAL_STORAGE === undefined) return undefined;
  const storage = new ASYNC_LOCAL_STORAGE();
  return { run: (value, fn) => storage.run(value, fn), get: () => storage.getStore() };
}

async function compress(body: Uint8Array, format: 'gzip' | 'deflate'): Promise<Uint8Array> {
  const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const gzip = (body: Uint8Array) => compress(body, 'gzip');

/**
 * The web platform (Bun, Deno, workerd, Vercel edge): fetch, CompressionStream where present, plain
 * timers, a keep-alive for awaited work outside workerd / Vercel, and AsyncLocalStorage where found.
 * @internal
 */
export function createWebPlatform(overrides: Partial<Platform> = {}): Platform {
  return {
    name: 'web',
    fetch: (input, init) => globalThis.fetch(input, init),
    gzip: HAS_COMPRESSION_STREAM ? gzip : undefined,
    // CompressionStream's "deflate" is the zlib-wrapped format HTTP's deflate means.
    encoders: HAS_COMPRESSION_STREAM ? { deflate: (body: Uint8Array) => compress(body, 'deflate') } : {},
    scheduler: createTimerScheduler(),
    keepAlive,
    contextStorage: createContextStorage(),
    ...overrides,
  };
}
