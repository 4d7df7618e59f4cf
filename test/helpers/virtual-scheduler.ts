import type { Cancel, Scheduler } from '../../src/platform/platform.js';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
}

/**
 * A scheduler on virtual time, so tests exercise backoff, Retry-After and flush intervals without
 * sleeping. `manual` mode fires timers only on `advance()`; `auto` mode jumps virtual time to the next
 * timer as soon as the event loop is idle enough (one macrotask later), in due order.
 */
export class VirtualScheduler implements Scheduler {
  private time = 1_767_225_600_000; // 2026-01-01T00:00:00Z
  private seq = 0;
  private timers: Timer[] = [];
  /** Every delay requested through setTimeout/sleep, in order. */
  readonly requested: number[] = [];
  private pumping = false;

  constructor(private readonly mode: 'manual' | 'auto' = 'auto') {}

  now(): number {
    return this.time;
  }

  /** Virtual time is also the monotonic clock, so span durations follow `advance()`. */
  monotonicNow(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): Cancel {
    const timer: Timer = { due: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.requested.push(ms);
    this.timers.push(timer);
    if (this.mode === 'auto') this.schedulePump();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const cancel = this.setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        cancel();
        resolve();
      }, { once: true });
    });
  }

  /** Timers still waiting, as delays from now. */
  pendingDelays(): number[] {
    return this.timers.map((t) => t.due - this.time).sort((a, b) => a - b);
  }

  /** Moves virtual time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.nextTimer();
      if (next === undefined || next.due > target) break;
      this.fire(next);
    }
    this.time = target;
  }

  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    return best;
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer);
    this.time = Math.max(this.time, timer.due);
    timer.fn();
  }

  private schedulePump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setTimeout(() => {
      this.pumping = false;
      const next = this.nextTimer();
      if (next !== undefined) {
        this.fire(next);
        if (this.timers.length > 0) this.schedulePump();
      }
    }, 1);
  }
}
