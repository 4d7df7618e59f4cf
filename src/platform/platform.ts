import type { SpoolStorage } from './spool-storage.js';

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
  /**
   * A cheaper path than `fetch` for the capture lanes' POSTs, where the runtime has one (Node.js:
   * node:http). Used only while `fetch` is the platform's own: a custom fetch gets every request.
   */
  readonly post?: Post;
  /**
   * Decodes a whole UTF-8 body to text, faster than `TextDecoder` where the runtime has a way
   * (Node.js: ASCII bodies are copied as they are); `undefined` means `TextDecoder`.
   */
  readonly decodeUtf8?: (bytes: Uint8Array) => string;
  /** gzip-compresses a body, or is `undefined` when the runtime cannot compress. */
  readonly gzip: ((body: Uint8Array) => Promise<Uint8Array>) | undefined;
  /** The other body encodings this runtime can produce (capture v1 accepts them), by name. */
  readonly encoders?: Partial<Record<BodyEncoding, (body: Uint8Array) => Promise<Uint8Array>>>;
  /** Timers and clock; tests inject a scheduler that does not sleep. */
  readonly scheduler: Scheduler;
  /**
   * Holds the process open while a promise the SDK handed to its caller is pending. This is the one
   * place liveness is decided: every timer of the scheduler is background work that never keeps a
   * process alive, and each public method that returns a promise passes it through here.
   */
  readonly keepAlive: KeepAlive;
  /** Async-context storage for request context, when the runtime has it. */
  readonly contextStorage: ContextStorage | undefined;
  /** Uncaught exceptions and unhandled rejections of the process, where the runtime exposes them. */
  readonly processErrors?: ProcessErrorHooks;
  /** OTLP resource attributes describing the host (`os.name`, `os.version`), where the runtime tells. */
  readonly hostAttributes?: Readonly<Record<string, string>>;
  /** Durable files for the `spool` option, where the runtime has a file system (Node.js, Bun, Deno). */
  readonly spoolStorage?: SpoolStorage;
}

/** What a capture lane POSTs: the body is already encoded, the headers final. @internal */
export interface PostRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** Aborts the request (the lane's deadline). */
  readonly signal: AbortSignal;
  /** Most bytes of the answer's body read (after decoding); past it the connection is dropped. */
  readonly maxBytes: number;
}

/** The answer to a {@link PostRequest}. Redirects are answers too: they are never followed. @internal */
export interface PostAnswer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** The body as text, or why it could not be read whole (longer than `maxBytes`, or the connection broke). */
  readonly body: { ok: true; text: string } | { ok: false; tooLarge: boolean; error?: unknown };
}

/**
 * Sends one POST; rejects on network errors and when the signal aborts. Returns `undefined`, sending
 * nothing, when this request should go through `fetch` after all. @internal
 */
export type Post = (url: string, request: PostRequest) => Promise<PostAnswer> | undefined;

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
 * Clock and timers. Every timer the SDK arms goes through here, so that tests can run backoff and
 * intervals without sleeping. No timer keeps the process alive: what a caller awaits is held open
 * by {@link Platform.keepAlive} instead.
 * @internal
 */
export interface Scheduler {
  /** Wall-clock time in milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds (`Infinity`: never). */
  setTimeout(fn: () => void, ms: number): Cancel;
  /** Resolves after `ms` milliseconds (`Infinity`: only when `signal` aborts), or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Milliseconds on a clock that never jumps, for durations (span lengths). @default performance.now() */
  monotonicNow?(): number;
}

/** Storage for a value that follows the async call chain (AsyncLocalStorage on Node). @internal */
export interface ContextStorage {
  run<R>(value: unknown, fn: () => R): R;
  get(): unknown;
  /** Sets the value for the rest of the current async execution (AsyncLocalStorage `enterWith`), where the runtime can. */
  enter?(value: unknown): void;
}

/**
 * Passes a promise through unchanged, holding the process open until it settles. Holding is
 * counted, so overlapping calls share one handle. @internal
 */
export type KeepAlive = <T>(work: Promise<T>) => Promise<T>;

/**
 * The longest delay runtime timers take: Node.js fires a timer of 2^31 ms or more after 1 ms, so
 * longer delays are armed in steps of at most this.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

type TimerHandle = ReturnType<typeof setTimeout>;

/** Runs `fn` after `ms` on a timer that does not hold the process open; `Infinity` never fires. */
function armBackgroundTimer(fn: () => void, ms: number): Cancel {
  if (ms === Number.POSITIVE_INFINITY) return () => {};
  let handle: TimerHandle | undefined;
  const arm = (remaining: number) => {
    const step = Math.min(remaining, MAX_TIMER_MS);
    handle = setTimeout(() => (remaining > step ? arm(remaining - step) : fn()), step);
    (handle as { unref?: () => void }).unref?.();
  };
  // biome-ignore lint/complexity/useMathMinMax: Math.max(0, NaN) is NaN; NaN and negatives must mean at once.
  arm(ms > 0 ? ms : 0);
  return () => clearTimeout(handle);
}

/** A scheduler on the runtime's own timers, unref'd where the runtime supports it. @internal */
export function createTimerScheduler(): Scheduler {
  return {
    now: () => Date.now(),
    monotonicNow: () => performance.now(),
    setTimeout: armBackgroundTimer,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const onAbort = () => {
          cancel();
          resolve();
        };
        const cancel = armBackgroundTimer(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

/**
 * Runs `fn` once the current macrotask and every microtask after it are done, on a callback the
 * runtime counts as pending work (so the loop cannot end before it runs): `setImmediate` where the
 * runtime has it, else a zero-delay timer.
 */
const afterThisTurn: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => {
        (globalThis as unknown as { setImmediate: (fn: () => void) => void }).setImmediate(fn);
      }
    : (fn) => {
        setTimeout(fn, 0);
      };

/**
 * A keep-alive on one referenced interval timer: armed while at least one held promise is pending,
 * cleared when the last one settles, so nothing is left behind once the caller has its answer.
 * Whether to arm is decided after the current turn of the event loop: until then the check itself
 * is pending work that keeps the loop running, and a promise that settles within the turn (a flag
 * decided locally, however many awaits it takes) has released by then, so the hot path arms no
 * timer. One check serves every call made in the same turn.
 * @internal
 */
export function createIntervalKeepAlive(): KeepAlive {
  let holders = 0;
  let handle: ReturnType<typeof setInterval> | undefined;
  let checkQueued = false;
  const armIfHeld = () => {
    checkQueued = false;
    if (holders > 0 && handle === undefined) handle = setInterval(() => {}, MAX_TIMER_MS);
  };
  const release = () => {
    holders--;
    if (holders === 0 && handle !== undefined) {
      clearInterval(handle);
      handle = undefined;
    }
  };
  return (work) => {
    holders++;
    work.then(release, release);
    if (handle === undefined && !checkQueued) {
      checkQueued = true;
      afterThisTurn(armIfHeld);
    }
    return work;
  };
}

/** A keep-alive for runtimes whose host keeps work alive itself (workerd's `waitUntil`). @internal */
export const passThroughKeepAlive: KeepAlive = (work) => work;
