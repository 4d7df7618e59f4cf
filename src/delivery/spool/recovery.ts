import type { Logger } from '../../base/logger.js';
import type { SpoolStorage } from '../../platform/spool-storage.js';
import type { SegmentList } from './segment-list.js';
import { type AdoptedDirectory, type Segment, findSegments, loadSegment } from './segment.js';

const describeError = (error: unknown) => String((error as { code?: unknown })?.code ?? (error as { message?: unknown })?.message ?? error);

/**
 * What ended processes left behind: their directories are adopted whole (one rename each, so two
 * processes never adopt the same one), their segments read only when their events are needed, and
 * the events not acknowledged handed over oldest first, exactly as they were written.
 * @internal
 */
export class Recovery {
  constructor(
    private readonly segments: SegmentList,
    private readonly storage: SpoolStorage,
    private readonly logger: Logger,
    /** The lane's directory, where owners' directories live. */
    private readonly root: string,
    /** This process's own directory, where adopted ones are moved. */
    private readonly dir: string,
  ) {}

  /** Moves the directories of ended processes into ours; their segments join the list. */
  adopt(): void {
    let moved: string[];
    try {
      moved = this.storage.adoptOrphans(this.root, this.dir);
    } catch (error) {
      this.logger.warn(`spool: could not look for events left in '${this.root}' (${describeError(error)})`);
      return;
    }
    const found: Segment[] = [];
    for (const path of moved) {
      const from: AdoptedDirectory = { path, segments: 0 };
      try {
        const segments = findSegments(this.storage, path, from);
        from.segments = segments.length;
        if (segments.length === 0) this.storage.removeDirectory(path);
        found.push(...segments);
      } catch (error) {
        this.logger.warn(`spool: could not read '${path}' (${describeError(error)}); it is left for a later attempt`);
      }
    }
    if (found.length === 0) return;
    this.segments.addAdopted(found);
    this.logger.debug(`spool: adopted ${found.length} segment(s) left in '${this.root}' by ended processes`);
  }

  /**
   * Passes unacknowledged events of adopted segments to `hand`, oldest first, while `room()` allows.
   * Returns how many it passed.
   */
  feed(room: () => number, hand: (segment: Segment, record: { index: number; json: string }) => void): number {
    let handed = 0;
    for (const segment of this.segments.all()) {
      if (segment.adoptedFrom === undefined || room() <= 0) continue;
      if (segment.unfed === undefined && !this.load(segment)) continue;
      const unfed = segment.unfed ?? [];
      while (segment.fed < unfed.length && room() > 0) {
        hand(segment, unfed[segment.fed++]);
        handed++;
      }
      if (segment.fed >= unfed.length) segment.unfed = []; // let the strings go
    }
    return handed;
  }

  /** The events of an adopted segment not handed over yet (reading it first if needed). */
  unfed(segment: Segment): string[] {
    if (segment.unfed === undefined) this.load(segment);
    return (segment.unfed ?? []).slice(segment.fed).map((r) => r.json);
  }

  /** Reads an adopted segment; false when it holds nothing to send (it is then deleted or left alone). */
  private load(segment: Segment): boolean {
    const { logger } = this;
    const bytes = segment.bytes;
    try {
      const notes = loadSegment(this.storage, segment);
      this.segments.totalBytes += segment.bytes - bytes; // a torn tail was cut off
      if (notes.foreign) {
        logger.warn(`spool: ${segment.path} is not a spool segment; it was left alone`);
        this.segments.forget(segment);
        return false;
      }
      if (notes.torn) logger.warn(`spool: ${segment.path} ends in a torn record (its process was killed mid-write); the record was skipped`);
      if (notes.damaged > 0) logger.warn(`spool: ${notes.damaged} record(s) of ${segment.path} failed their checksum and were skipped`);
    } catch (error) {
      logger.warn(`spool: could not read ${segment.path} (${describeError(error)}); it is left for a later attempt`);
      this.segments.forget(segment);
      return false;
    }
    if (segment.pending > 0) return true;
    this.segments.remove(segment);
    return false;
  }
}
