import type { SpoolFile, SpoolStorage } from '../../platform/spool-storage.js';
import { SEGMENT_MAGIC, readSegment } from './records.js';

/** File name ending of segment files. @internal */
export const SEGMENT_SUFFIX = '.seg';

/** A directory adopted from an ended process, removed once its last segment is. @internal */
export interface AdoptedDirectory {
  readonly path: string;
  segments: number;
}

/**
 * One segment file: events appended by this process, or a file adopted from an ended one whose
 * events are handed to the batcher as room frees up.
 * @internal
 */
export interface Segment {
  readonly path: string;
  /** Open for appending: own segments from creation, adopted ones from their first acknowledgement. */
  file: SpoolFile | undefined;
  /** Size on disk. */
  bytes: number;
  /** Events in the file not yet acknowledged (for an adopted segment not yet read: unknown, -1). */
  pending: number;
  /** Index of the next event appended (own segments). */
  nextIndex: number;
  /** Adopted: the events not acknowledged when read, and how many of them the batcher has taken. */
  unfed: Array<{ index: number; json: string }> | undefined;
  fed: number;
  readonly adoptedFrom: AdoptedDirectory | undefined;
  /** Deleted (or given up on): nothing more is done with it. */
  gone: boolean;
  /** A failed write could not be undone: nothing more is written to it. */
  broken: boolean;
}

/** Creates a new segment file and writes its magic. @internal */
export function createSegment(storage: SpoolStorage, path: string): Segment {
  const file = storage.create(path);
  try {
    file.append(SEGMENT_MAGIC, SEGMENT_MAGIC.length);
  } catch (error) {
    file.close();
    try {
      storage.remove(path);
    } catch {
      // The error that matters is the one thrown below.
    }
    throw error;
  }
  return { path, file, bytes: SEGMENT_MAGIC.length, pending: 0, nextIndex: 0, unfed: undefined, fed: 0, adoptedFrom: undefined, gone: false, broken: false };
}

/** A segment found in an adopted directory, to be read when its events are needed. @internal */
export function adoptedSegment(path: string, bytes: number, from: AdoptedDirectory): Segment {
  return { path, file: undefined, bytes, pending: -1, nextIndex: 0, unfed: undefined, fed: 0, adoptedFrom: from, gone: false, broken: false };
}

/** Every segment file under `dir` (nested adopted directories first: they are older). @internal */
export function findSegments(storage: SpoolStorage, dir: string, from: AdoptedDirectory): Segment[] {
  const nested: Segment[] = [];
  const own: Segment[] = [];
  for (const entry of storage.list(dir)) {
    const path = storage.join(dir, entry.name);
    if (entry.directory) nested.push(...findSegments(storage, path, from));
    else if (entry.name.endsWith(SEGMENT_SUFFIX)) own.push(adoptedSegment(path, entry.size, from));
  }
  return [...nested, ...own];
}

/** What reading an adopted segment found that the user should hear about. @internal */
export interface LoadNotes {
  torn: boolean;
  damaged: number;
  foreign: boolean;
}

/**
 * Reads an adopted segment: the events still unacknowledged become its `unfed` list. A torn tail is
 * cut off, so that acknowledgements appended later start on a record boundary.
 * @internal
 */
export function loadSegment(storage: SpoolStorage, segment: Segment): LoadNotes {
  const contents = readSegment(storage.read(segment.path));
  segment.unfed = contents.pending;
  segment.pending = contents.pending.length;
  if (contents.torn && !contents.foreign) {
    try {
      segment.file = storage.openAppend(segment.path);
      segment.file.truncate(contents.cleanEnd);
      segment.bytes = contents.cleanEnd;
    } catch {
      segment.broken = true;
    }
  }
  return { torn: contents.torn, damaged: contents.damaged, foreign: contents.foreign };
}
