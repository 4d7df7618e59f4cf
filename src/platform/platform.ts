/**
 * The one seam between the SDK core and the runtime it runs on. The entry file (`index.ts` for Node,
 * `edge.ts` for Bun / Deno / workerd / Vercel) builds one of these and hands it to the client; nothing
 * else in the core touches runtime-specific APIs.
 * @internal
 */
export interface Platform {
  /** Short runtime name used in logs (`node`, `web`). */
  readonly name: string;
  /** The fetch implementation used for every request. */
  readonly fetch: typeof fetch;
  /** gzip-compresses a body, or is `undefined` when the runtime cannot compress. */
  readonly gzip: ((body: Uint8Array) => Promise<Uint8Array>) | undefined;
  /** The other body encodings this runtime can produce (capture v1 accepts them), by name. */
  readonly encoders?: Partial<Record<BodyEncoding, (body: Uint8Array) => Promise<Uint8Array>>>;
  /** Timers and clock; tests inject a scheduler that does not sleep. */
  readonly scheduler: Scheduler;
  /** Async-context storage for request context, when the runtime has it. */
  readonly contextStorage: ContextStorage | undefined;
  /** Uncaught exceptions and unhandled rejections of the process, where the runtime exposes them. */
  readonly processErrors?: ProcessErrorHooks;
}

/** Why the process is about to report an error. @internal */
export type ProcessErrorKind = 'uncaught_exception' | 'unhandled_rejection';

/** Watching the process's own failures (exception autocapture). @internal */
export interface ProcessErrorHooks {
  /**
   * Calls `report` for every uncaught exception and unhandled rejection. `fatal` says the runtime
   * would end the process; the hook then waits for `report`'s promise (bounded by the caller) and
   * ends it as the runtime would have. Returns a function that stops watching.
   */
  watch(report: (error: unknown, kind: ProcessErrorKind, fatal: boolean) => Promise<void>): () => void;
}

/** `Content-Encoding` values capture v1 accepts. @internal */
export type BodyEncoding = 'gzip' | 'deflate' | 'br' | 'zstd';

/** The platform's encoder for a body encoding (gzip included), or `undefined` when it has none. @internal */
export function encoderFor(platform: Platform, encoding: BodyEncoding): ((body: Uint8Array) => Promise<Uint8Array>) | undefined {
  return encoding === 'gzip' ? platform.gzip : platform.encoders?.[encoding];
}

/** Cancels a scheduled callback. Calling it twice is harmless. */
export type Cancel = () => void;

/**
 * Clock and timers. Every timer the SDK arms goes through here so that no timer holds a process open
 * (Node's implementation unrefs them) and so that tests can run backoff and intervals without sleeping.
 * @internal
 */
export interface Scheduler {
  /** Wall-clock time in milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. The timer never keeps the process alive. */
  setTimeout(fn: () => void, ms: number): Cancel;
  /**
   * Resolves after `ms` milliseconds, or at once when `signal` aborts. With `keepAlive` the timer
   * holds the process open (someone is awaiting the work, e.g. `shutdown()`); otherwise it does not.
   */
  sleep(ms: number, signal?: AbortSignal, keepAlive?: boolean): Promise<void>;
}

/** Storage for a value that follows the async call chain (AsyncLocalStorage on Node). @internal */
export interface ContextStorage {
  run<R>(value: unknown, fn: () => R): R;
  get(): unknown;
}

/** A scheduler on the runtime's own timers. `unref` is applied where the runtime supports it. @internal */
export function createTimerScheduler(): Scheduler {
  const arm = (fn: () => void, ms: number, keepAlive = false): Cancel => {
    const handle = setTimeout(fn, Math.max(0, ms)) as unknown;
    if (!keepAlive) (handle as { unref?: () => void }).unref?.();
    return () => clearTimeout(handle as ReturnType<typeof setTimeout>);
  };
  return {
    now: () => Date.now(),
    setTimeout: arm,
    sleep: (ms, signal, keepAlive) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const cancel = arm(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          ms,
          keepAlive,
        );
        const onAbort = () => {
          cancel();
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
