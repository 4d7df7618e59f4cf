/**
 * Where each event the batcher holds is written: its segment and its index there, in the order the
 * events were appended. The batcher acknowledges events by their JSON, batch by batch; a batch is a
 * run of consecutive appends, so each lookup starts where the last one ended and usually hits at the
 * first slot — no per-event hash map on the capture path.
 * @internal
 */
export class Ledger<S> {
  private jsons: Array<string | undefined> = [];
  private segments: Array<S | undefined> = [];
  private indices: number[] = [];
  private head = 0; // every slot before it is taken
  private hint = 0; // where the next lookup starts
  private live = 0;

  /** Events recorded and not yet taken. */
  get size(): number {
    return this.live;
  }

  add(json: string, segment: S, index: number): void {
    this.jsons.push(json);
    this.segments.push(segment);
    this.indices.push(index);
    this.live++;
  }

  /** Removes the slot of `json` and calls `found` with where it was written; false when unknown. */
  take(json: string, found: (segment: S, index: number) => void): boolean {
    const slot = this.find(json);
    if (slot === -1) return false;
    const segment = this.segments[slot] as S;
    const index = this.indices[slot]; // read before a compaction moves the slots
    this.jsons[slot] = undefined;
    this.segments[slot] = undefined;
    this.live--;
    this.hint = slot + 1;
    while (this.head < this.jsons.length && this.jsons[this.head] === undefined) this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.jsons.length) this.compact();
    found(segment, index);
    return true;
  }

  private find(json: string): number {
    const { jsons } = this;
    for (let i = Math.max(this.hint, this.head); i < jsons.length; i++) if (jsons[i] === json) return i;
    for (let i = this.head, end = Math.min(this.hint, jsons.length); i < end; i++) if (jsons[i] === json) return i;
    return -1;
  }

  private compact(): void {
    const drop = this.head;
    this.jsons = this.jsons.slice(drop);
    this.segments = this.segments.slice(drop);
    this.indices = this.indices.slice(drop);
    this.head = 0;
    this.hint = Math.max(0, this.hint - drop);
  }
}
