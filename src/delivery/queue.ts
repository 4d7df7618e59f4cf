import { HELD_MARK as MARK } from '../messages/held-text.js';

const MARK_CODE = MARK.charCodeAt(0);
/** Queue length up to which an event offered as it is (see {@link EventQueue.push}) is kept so. */
const KEPT_AS_IS_BELOW = 4096;

/**
 * A FIFO of serialised events. Removal advances a head index and compacts now and then, so taking a
 * batch from a long queue costs the batch, not the queue.
 *
 * With `shared` (text most events of the lane contain, such as the SDK's own properties), a queued
 * event holds a one-character mark in its place and gets it back when it leaves the queue: a
 * waiting event costs its own bytes, not the bytes every event repeats. Every event that leaves
 * is exactly the text that was pushed.
 * @internal
 */
export class EventQueue {
  private items: string[] = [];
  private head = 0;
  /** How much longer an event is than what the queue holds for it, at most. */
  private readonly saved: number;

  constructor(private readonly shared?: string) {
    this.saved = shared === undefined ? 0 : shared.length - MARK.length;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /**
   * Adds an event; `held` is its held form when the builder already made it. A `held` that is `json`
   * itself asks for the text to be kept as it is (a rope the batch writer flattens once): that is
   * done while the queue is short, as it is between flushes (each may take a few hundred bytes more
   * than its held form); a longer queue (PostHog unreachable, say) holds it compacted like any other,
   * so a backlog past that grows as it did.
   */
  push(json: string, held?: string): void {
    const keep = held !== undefined && this.shared !== undefined && (held !== json || this.length < KEPT_AS_IS_BELOW);
    this.items.push(keep ? held : this.compact(json));
  }

  /** The event `offset` places from the front, without removing it. */
  peek(offset: number): string {
    return this.expand(this.items[this.head + offset]);
  }

  /** An upper bound of the length of the event `offset` places from the front, without rebuilding it. */
  peekLengthBound(offset: number): number {
    return this.items[this.head + offset].length + this.saved;
  }

  /** Removes and returns the first `count` events. */
  take(count: number): string[] {
    const taken = this.items.slice(this.head, this.head + count);
    this.head += taken.length;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.shared !== undefined) for (let i = 0; i < taken.length; i++) taken[i] = this.expand(taken[i]);
    return taken;
  }

  /** Removes and returns everything. */
  takeAll(): string[] {
    return this.take(this.length);
  }

  private compact(json: string): string {
    const { shared } = this;
    if (shared === undefined) return json;
    // Usually right before the closing `}}` of properties and event: checked there first, no search.
    const end = json.length - 2 - shared.length;
    const at = json.startsWith(shared, end) ? end : json.indexOf(shared);
    if (at === -1) return json;
    // join copies into one new string, so the original text can go (a `+` would make a rope that
    // keeps it alive through its slices).
    return [json.slice(0, at), json.slice(at + shared.length)].join(MARK);
  }

  private expand(held: string): string {
    const { shared } = this;
    if (shared === undefined) return held;
    const end = held.length - 3;
    const at = held.charCodeAt(end) === MARK_CODE ? end : held.indexOf(MARK);
    return at === -1 ? held : held.slice(0, at) + shared + held.slice(at + 1);
  }
}
