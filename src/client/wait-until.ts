import type { Cancel, KeepAlive, Scheduler } from '../platform/platform.js';

/** Registers work that a serverless runtime must finish before freezing (Vercel, Cloudflare `ctx.waitUntil`). */
export type WaitUntil = (promise: Promise<unknown>) => void;

/** Debounce and cap of flushes made for `waitUntil`, as posthog-node. */
export const WAIT_UNTIL_DEBOUNCE_MS = 50;
export const WAIT_UNTIL_MAX_WAIT_MS = 500;

/**
 * Keeps a serverless invocation alive until its events are sent: the first capture of a burst hands
 * one promise to `waitUntil`; the flush runs 50 ms after the last capture (at most 500 ms after the
 * first) and the promise settles when it is done. Never rejects.
 * @internal
 */
export class WaitUntilFlusher {
  private pending: { resolve: () => void; firstAt: number; cancel: Cancel } | undefined;

  constructor(
    private readonly waitUntil: WaitUntil,
    private readonly flush: () => Promise<void>,
    private readonly scheduler: Scheduler,
    /** Holds a process open (Node, Bun, Deno) until the promise handed to `waitUntil` settles. */
    private readonly keepAlive: KeepAlive,
    /** Debounce after the last capture and longest wait after the first (options `waitUntilDebounceMs` / `waitUntilMaxWaitMs`). */
    private readonly timing: { debounceMs: number; maxWaitMs: number } = { debounceMs: WAIT_UNTIL_DEBOUNCE_MS, maxWaitMs: WAIT_UNTIL_MAX_WAIT_MS },
  ) {}

  /** Called after each accepted event. */
  notify(): void {
    const now = this.scheduler.now();
    if (this.pending === undefined) {
      let resolve!: () => void;
      const promise = this.keepAlive(new Promise<void>((r) => (resolve = r)));
      try {
        this.waitUntil(promise);
      } catch {
        // A runtime that refuses the promise still gets its events flushed on schedule.
      }
      this.pending = { resolve, firstAt: now, cancel: () => {} };
    }
    const pending = this.pending;
    pending.cancel();
    const delay = Math.min(this.timing.debounceMs, Math.max(0, pending.firstAt + this.timing.maxWaitMs - now));
    pending.cancel = this.scheduler.setTimeout(() => {
      if (this.pending === pending) this.pending = undefined;
      this.flush().finally(pending.resolve);
    }, delay);
  }

  /**
   * Shutdown has drained every lane: the burst waiting for its debounce has nothing left to send, so
   * its promise settles now instead of holding the runtime until the timer.
   */
  settle(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    pending.cancel();
    pending.resolve();
  }

  /** Registers an explicit flush with the runtime too. */
  track(flush: Promise<void>): void {
    try {
      this.waitUntil(flush);
    } catch {
      // Nothing to do: the flush runs regardless.
    }
  }
}
