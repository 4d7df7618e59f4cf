/**
 * A tumbling-window cap: at most `maxLogs` records per `windowMs`; the window starts with the first
 * record after the previous one ended, and a clock that jumps backwards starts a new one (spec logs,
 * rate capping). One warning per window when the cap is hit.
 * @internal
 */
export class RateCap {
  private windowStart = Number.NEGATIVE_INFINITY;
  private count = 0;
  private warned = false;

  constructor(
    private readonly maxLogs: number,
    private readonly windowMs: number,
    private readonly warn: (message: string) => void,
  ) {}

  /** Counts one record at `nowMs`; false when the window's budget is spent. */
  admit(nowMs: number): boolean {
    const elapsed = nowMs - this.windowStart;
    if (elapsed >= this.windowMs || elapsed < 0) {
      this.windowStart = nowMs;
      this.count = 0;
      this.warned = false;
    }
    if (this.count < this.maxLogs) {
      this.count++;
      return true;
    }
    if (!this.warned) {
      this.warned = true;
      this.warn(`logs: more than ${this.maxLogs} records in ${this.windowMs} ms; dropping records until the window ends`);
    }
    return false;
  }
}
