import type { Logger } from '../base/logger.js';

/**
 * Every span lost on this client — refused at the live-span bound, evicted for age, dropped by a
 * gate or a hook, a full queue, a refused or failed request — is counted here, and said at most once
 * per flush interval with the count and the mix of reasons (spec traces, live span bounds), and once
 * more at shutdown for what is still unsaid.
 * @internal
 */
export class DropCounter {
  private pending = 0;
  private readonly reasons = new Map<string, number>();
  private lastWarningAt = Number.NEGATIVE_INFINITY;
  /** Every span dropped since the client started. */
  total = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  add(count: number, reason: string): void {
    if (count <= 0) return;
    this.total += count;
    this.pending += count;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + count);
    if (this.now() - this.lastWarningAt >= this.intervalMs) this.report();
  }

  /** Says what is pending now, whatever the interval (at shutdown). */
  report(): void {
    if (this.pending === 0) return;
    const mix = [...this.reasons].map(([reason, count]) => `${count} ${reason}`).join('; ');
    this.logger.warn(`traces: ${this.pending} span(s) dropped: ${mix}`);
    this.lastWarningAt = this.now();
    this.pending = 0;
    this.reasons.clear();
  }
}
