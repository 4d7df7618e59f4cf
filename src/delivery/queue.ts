/**
 * A FIFO of serialised events. Removal advances a head index and compacts now and then, so taking a
 * batch from a long queue costs the batch, not the queue.
 * @internal
 */
export class EventQueue {
  private items: string[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(json: string): void {
    this.items.push(json);
  }

  /** The event `offset` places from the front, without removing it. */
  peek(offset: number): string {
    return this.items[this.head + offset];
  }

  /** Removes and returns the first `count` events. */
  take(count: number): string[] {
    const taken = this.items.slice(this.head, this.head + count);
    this.head += taken.length;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return taken;
  }

  /** Removes and returns everything. */
  takeAll(): string[] {
    return this.take(this.length);
  }
}
