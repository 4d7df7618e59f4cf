import { type Platform, createTimerScheduler } from './platform.js';

// Detected once at module load, never per call.
const HAS_COMPRESSION_STREAM = typeof (globalThis as { CompressionStream?: unknown }).CompressionStream === 'function';

async function gzip(body: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The web platform (Bun, Deno, workerd, Vercel edge): fetch, CompressionStream where present, plain
 * timers, and no async-context storage.
 * @internal
 */
export function createWebPlatform(overrides: Partial<Platform> = {}): Platform {
  return {
    name: 'web',
    fetch: (input, init) => globalThis.fetch(input, init),
    gzip: HAS_COMPRESSION_STREAM ? gzip : undefined,
    scheduler: createTimerScheduler(),
    contextStorage: undefined,
    ...overrides,
  };
}
