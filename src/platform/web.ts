import { type KeepAlive, type Platform, createIntervalKeepAlive, createTimerScheduler, passThroughKeepAlive } from './platform.js';

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

async function compress(body: Uint8Array, format: 'gzip' | 'deflate'): Promise<Uint8Array> {
  const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const gzip = (body: Uint8Array) => compress(body, 'gzip');

/**
 * The web platform (Bun, Deno, workerd, Vercel edge): fetch, CompressionStream where present, plain
 * timers, a keep-alive for awaited work outside workerd / Vercel, and no async-context storage.
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
    contextStorage: undefined,
    ...overrides,
  };
}
