import type { FlagValue } from './flag-source.js';

/**
 * Remembers which `$feature_flag_called` events were sent, keyed by distinct id, flag, value and
 * groups (sorted, so key order does not matter). Bounded: when full, the oldest entries go first,
 * a few at a time — never a full wipe that would re-send a burst of events. Cleared on shutdown.
 * @internal
 */
export class FlagCalledTracker {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Records the call; `true` when it was not seen before (the event should be sent). */
  firstTime(distinctId: string, key: string, value: FlagValue | undefined, groups: Readonly<Record<string, unknown>> | undefined): boolean {
    const id = FlagCalledTracker.keyOf(distinctId, key, value, groups);
    if (this.seen.has(id)) return false;
    if (this.seen.size >= this.capacity) this.evictOldest();
    this.seen.add(id);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  clear(): void {
    this.seen.clear();
  }

  /** Drops the oldest tenth (at least one entry). Sets iterate in insertion order. */
  private evictOldest(): void {
    let drop = Math.max(1, Math.floor(this.capacity / 10));
    for (const id of this.seen) {
      this.seen.delete(id);
      if (--drop === 0) break;
    }
  }

  private static keyOf(distinctId: string, key: string, value: FlagValue | undefined, groups: Readonly<Record<string, unknown>> | undefined): string {
    const valuePart = value === undefined ? 'u' : typeof value === 'string' ? `s${value}` : value ? 't' : 'f';
    let groupPart = '';
    if (groups !== undefined) {
      let only: string | undefined;
      let count = 0;
      for (const type in groups) {
        if (!Object.hasOwn(groups, type)) continue;
        only = type;
        if (++count > 1) break;
      }
      // One group (the common case) needs no sorting and no intermediate arrays.
      if (count === 1 && only !== undefined) groupPart = `${only}=${String(groups[only])}`;
      else if (count > 1) groupPart = Object.keys(groups).sort().map((t) => `${t}=${String(groups[t])}`).join('&');
    }
    return `${distinctId}\u0000${key}\u0000${valuePart}\u0000${groupPart}`;
  }
}
