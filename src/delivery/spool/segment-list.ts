import type { Logger } from '../../base/logger.js';
import type { SpoolStorage } from '../../platform/spool-storage.js';
import type { Segment } from './segment.js';

const describeError = (error: unknown) => String((error as { code?: unknown })?.code ?? (error as { message?: unknown })?.message ?? error);

/**
 * The spool's segments, oldest first — adopted ones, then this process's own — with the bytes they
 * take on disk, and the two things done to their files: append and delete.
 * @internal
 */
export class SegmentList {
  private items: Segment[] = [];
  /** Bytes of every segment on disk. */
  totalBytes = 0;

  constructor(
    private readonly storage: SpoolStorage,
    private readonly logger: Logger,
  ) {}

  /** Oldest first (a copy: the list may change while it is walked). */
  all(): Segment[] {
    return [...this.items];
  }

  /** The oldest segment other than `except`. */
  oldest(except: Segment | undefined): Segment | undefined {
    return this.items.find((s) => s !== except);
  }

  /** Segments still holding events that are not acknowledged (or not read yet). */
  unfinished(): number {
    return this.items.filter((s) => s.pending !== 0).length;
  }

  addOwn(segment: Segment): void {
    this.items.push(segment);
    this.totalBytes += segment.bytes;
  }

  /** Adopted segments go after those adopted before and before this process's own. */
  addAdopted(found: Segment[]): void {
    const firstOwn = this.items.findIndex((s) => s.adoptedFrom === undefined);
    this.items.splice(firstOwn === -1 ? this.items.length : firstOwn, 0, ...found);
    for (const segment of found) this.totalBytes += segment.bytes;
  }

  /** Appends `bytes[0, length)`; a failed append is cut back off so the file stays readable. */
  write(segment: Segment, bytes: Uint8Array, length: number): void {
    const { file } = segment;
    if (file === undefined || segment.broken) throw new Error(`${segment.path} cannot be written`);
    try {
      file.append(bytes, length);
    } catch (error) {
      try {
        file.truncate(segment.bytes);
      } catch {
        segment.broken = true;
      }
      throw error;
    }
    segment.bytes += length;
    this.totalBytes += length;
  }

  /** Closes and deletes a segment (and its adopted directory with its last segment). */
  remove(segment: Segment): void {
    this.forget(segment);
    try {
      segment.file?.close();
      this.storage.remove(segment.path);
      const from = segment.adoptedFrom;
      if (from !== undefined && --from.segments === 0) this.storage.removeDirectory(from.path);
    } catch (error) {
      this.logger.debug(`spool: could not delete ${segment.path}: ${describeError(error)}`);
    }
  }

  /** Stops tracking a segment, leaving its file where it is. */
  forget(segment: Segment): void {
    if (segment.gone) return;
    segment.gone = true;
    this.items = this.items.filter((s) => s !== segment);
    this.totalBytes -= segment.bytes;
  }

  /** Closes every file, syncing first those `sync` names. Best effort: the data is with the OS already. */
  closeAll(sync: (segment: Segment) => boolean): void {
    for (const segment of this.items) {
      try {
        if (sync(segment)) segment.file?.sync();
        segment.file?.close();
      } catch {
        // Nothing more to do with a file that cannot be closed.
      }
    }
  }
}
