import type { FlagValue } from './flag-source.js';

/** Fed between the parts of a key: no UTF-16 code unit has this value, so `("ab","c")` ≠ `("a","bc")`. */
const PART = 0x1_0001;
/** Fed for each kind of value, so `"true"` and `true` differ, as do `"u"` and no value. */
const NO_VALUE = 0x1_0002;
const STRING_VALUE = 0x1_0003;
const TRUE_VALUE = 0x1_0004;
const FALSE_VALUE = 0x1_0005;
/** The smallest table; it doubles as entries arrive, up to twice the capacity. */
const MIN_SLOTS = 16;

/**
 * Remembers which `$feature_flag_called` events were sent, keyed by distinct id, flag, value and
 * groups (in any order). Bounded: when full, the oldest entries go first, a tenth at a time — never
 * a full wipe that would re-send a burst of events. Cleared on shutdown.
 *
 * An entry is a 64-bit fingerprint of its key, kept in typed arrays: recording a read allocates
 * nothing and keeps no string alive, so a stream of new users costs no garbage collection. Two
 * different keys share a fingerprint with odds of about one in 2^64 per stored entry; when they do,
 * the second one's event is not sent.
 * @internal
 */
export class FlagCalledTracker {
  /** Open-addressed table of fingerprints, two words per slot; `(0, 0)` marks an empty slot. */
  private slots = new Int32Array(0);
  /** Fingerprints in the order they were recorded (a ring of `count` entries from `oldest`), two words each. */
  private order = new Int32Array(0);
  private oldest = 0;
  private count = 0;
  // The fingerprint of the key last hashed (two return values without an allocation).
  private h1 = 0;
  private h2 = 0;

  constructor(private readonly capacity: number) {}

  /** Records the call; `true` when it was not seen before (the event should be sent). */
  firstTime(distinctId: string, key: string, value: FlagValue | undefined, groups: Readonly<Record<string, unknown>> | undefined): boolean {
    this.fingerprint(distinctId, key, value, groups);
    const { h1, h2 } = this;
    if (this.count > 0 && this.find(h1, h2) !== -1) return false;
    if (this.count >= this.capacity) this.evictOldest();
    // The table always has at least twice as many slots as the ring has places.
    if (this.count === this.order.length >> 1) this.grow();
    this.place(h1, h2);
    const ring = this.order.length >> 1;
    const at = ((this.oldest + this.count) % ring) * 2;
    this.order[at] = h1;
    this.order[at + 1] = h2;
    this.count++;
    return true;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.slots = new Int32Array(0);
    this.order = new Int32Array(0);
    this.oldest = 0;
    this.count = 0;
  }

  /** Drops the oldest tenth (at least one entry). */
  private evictOldest(): void {
    const drop = Math.min(this.count, Math.max(1, Math.floor(this.capacity / 10)));
    const ring = this.order.length >> 1;
    for (let i = 0; i < drop; i++) {
      const at = this.oldest * 2;
      this.remove(this.order[at], this.order[at + 1]);
      this.oldest = (this.oldest + 1) % ring;
    }
    this.count -= drop;
  }

  /** Slot index holding the fingerprint, or -1. */
  private find(h1: number, h2: number): number {
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const a = slots[i * 2];
      const b = slots[i * 2 + 1];
      if (a === h1 && b === h2) return i;
      if (a === 0 && b === 0) return -1;
    }
  }

  private place(h1: number, h2: number): void {
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    let i = h1 & mask;
    while (slots[i * 2] !== 0 || slots[i * 2 + 1] !== 0) i = (i + 1) & mask;
    slots[i * 2] = h1;
    slots[i * 2 + 1] = h2;
  }

  /** Empties the fingerprint's slot and moves later members of its run back, so lookups still find them. */
  private remove(h1: number, h2: number): void {
    const index = this.find(h1, h2);
    if (index === -1) return;
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    let hole = index;
    for (let i = (hole + 1) & mask; ; i = (i + 1) & mask) {
      const a = slots[i * 2];
      const b = slots[i * 2 + 1];
      if (a === 0 && b === 0) break;
      const home = a & mask;
      // The entry at i may fill the hole when its home slot is not between the hole and i (cyclically).
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        slots[hole * 2] = a;
        slots[hole * 2 + 1] = b;
        hole = i;
      }
    }
    slots[hole * 2] = 0;
    slots[hole * 2 + 1] = 0;
  }

  /** Doubles the ring (keeping the order, within the capacity) and the table (rehashing every entry). */
  private grow(): void {
    const old = this.order;
    const ring = old.length >> 1;
    const entries = Math.max(MIN_SLOTS >> 1, Math.min(this.capacity, ring * 2));
    this.slots = new Int32Array(slotsFor(entries) * 2);
    this.order = new Int32Array(entries * 2);
    for (let i = 0; i < this.count; i++) {
      const from = ((this.oldest + i) % ring) * 2;
      this.order[i * 2] = old[from];
      this.order[i * 2 + 1] = old[from + 1];
      this.place(old[from], old[from + 1]);
    }
    this.oldest = 0;
  }

  /**
   * Sets `h1`/`h2` to the key's fingerprint: two 32-bit hashes of different kinds over the same
   * code units. Groups are hashed pair by pair and summed, so their order does not matter.
   */
  private fingerprint(distinctId: string, key: string, value: FlagValue | undefined, groups: Readonly<Record<string, unknown>> | undefined): void {
    this.h1 = 0x811c9dc5;
    this.h2 = 0x2545f491;
    this.feedText(distinctId);
    this.feed(PART);
    this.feedText(key);
    this.feed(PART);
    if (value === undefined) this.feed(NO_VALUE);
    else if (typeof value === 'string') {
      this.feed(STRING_VALUE);
      this.feedText(value);
    } else this.feed(value ? TRUE_VALUE : FALSE_VALUE);
    this.feed(PART);
    if (groups !== undefined) {
      let sum1 = 0;
      let sum2 = 0;
      let pairs = 0;
      const outer1 = this.h1;
      const outer2 = this.h2;
      for (const type in groups) {
        if (!Object.hasOwn(groups, type)) continue;
        this.h1 = 0x811c9dc5;
        this.h2 = 0x2545f491;
        this.feedText(type);
        this.feed(PART);
        this.feedText(String(groups[type]));
        sum1 = (sum1 + finish(this.h1)) | 0;
        sum2 = (sum2 + finish(this.h2)) | 0;
        pairs++;
      }
      this.h1 = outer1;
      this.h2 = outer2;
      // No groups and an empty map are the same context.
      if (pairs > 0) {
        this.feed(pairs);
        this.feed(sum1);
        this.feed(sum2);
      }
    }
    let h1 = finish(this.h1);
    const h2 = finish(this.h2);
    // (0, 0) marks an empty slot.
    if (h1 === 0 && h2 === 0) h1 = 1;
    this.h1 = h1;
    this.h2 = h2;
  }

  private feedText(text: string): void {
    let { h1, h2 } = this;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ unit, 0x01000193);
      h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x9e3779b1) ^ unit;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  private feed(word: number): void {
    this.h1 = Math.imul(this.h1 ^ word, 0x01000193);
    this.h2 = Math.imul((this.h2 << 5) | (this.h2 >>> 27), 0x9e3779b1) ^ word;
  }
}

/** Slots for `entries` fingerprints at most half full: a power of two. */
function slotsFor(entries: number): number {
  let slots = MIN_SLOTS;
  while (slots < entries * 2) slots *= 2;
  return slots;
}

/** Spreads every input bit over the whole word (MurmurHash3's finaliser). */
function finish(h: number): number {
  let x = h;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}
