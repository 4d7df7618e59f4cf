import type { Logger } from '../../base/logger.js';
import type { Cancel, Scheduler } from '../../platform/platform.js';
import type { SpoolStorage } from '../../platform/spool-storage.js';
import type { EventJournal } from '../journal.js';
import type { Outcomes } from '../outcomes.js';
import { Ledger } from './ledger.js';
import { RecordEncoder } from './records.js';
import { Recovery } from './recovery.js';
import { SegmentList } from './segment-list.js';
import { SEGMENT_SUFFIX, type Segment, createSegment } from './segment.js';

/** When spooled events are flushed to the device: never (the OS decides), every second, or per event. */
export type FsyncPolicy = 'never' | 'interval' | 'always';

/** Everything a lane's spool is built from. @internal */
export interface SpoolConfig {
  storage: SpoolStorage;
  /** The lane's directory (`<spool.directory>/capture`, …). */
  root: string;
  fsync: FsyncPolicy;
  maxBytes: number;
  segmentBytes: number;
  scheduler: Scheduler;
  logger: Logger;
  /** Reports events dropped to stay under `maxBytes`. */
  outcomes: Outcomes;
}

/** Where recovered events go: the batcher, while it has room. @internal */
export interface SpoolSink {
  enqueue(json: string): boolean;
  /** How many more events may be handed over now. */
  room(): number;
}

const FSYNC_INTERVAL_MS = 1_000;
/** How often the spool marks its directory alive, retries a failed disk, and adopts what ended processes left. */
const HEARTBEAT_MS = 15_000;

const describe = (error: unknown) => String((error as { code?: unknown })?.code ?? (error as { message?: unknown })?.message ?? error);

/** The error to log when {@link Spool.open} throws. @internal */
export function describeOpenError(directory: string, error: unknown): string {
  return `spool: cannot use the directory '${directory}' (${describe(error)}); events are kept in memory only and are lost if the process dies before they are sent`;
}

/**
 * The durable spool of one lane. Every accepted event is appended to a segment file in this
 * process's own directory before `capture()` returns — one write of a framed record — and
 * acknowledgements are appended as records too, so a restart resends nothing PostHog confirmed; a
 * segment is deleted once all its events are acknowledged. What ended processes left is adopted and
 * fed to the batcher with its uuids and timestamps (see {@link Recovery}). A failed write (a full
 * disk, a directory gone) switches the spool to memory with one error; the disk is tried again at
 * the next heartbeat.
 * @internal
 */
export class Spool implements EventJournal {
  private readonly encoder = new RecordEncoder();
  private readonly ledger = new Ledger<Segment>();
  private readonly segments: SegmentList;
  private readonly recovery: Recovery;
  private active: Segment | undefined;
  private counter = 0;
  /** `memory`: a write failed, retried at the next heartbeat; `taken`: another process adopted our directory. */
  private state: 'disk' | 'memory' | 'taken' | 'closed' = 'disk';
  private outage = false;
  private warnedOwnEviction = false;
  private feeding: { segment: Segment; index: number } | undefined;
  private feedQueued = false;
  private feedingPaused = false;
  private sink: SpoolSink | undefined;
  private readonly dirty = new Set<Segment>();
  private directoryDirty = false;
  private readonly timers: Cancel[] = [];
  /** Recovered events handed to the batcher so far. */
  fedCount = 0;

  private constructor(
    private readonly config: SpoolConfig,
    private readonly dir: string,
  ) {
    this.segments = new SegmentList(config.storage, config.logger);
    this.recovery = new Recovery(this.segments, config.storage, config.logger, config.root, dir);
  }

  /** Opens the lane's spool. Throws when the directory cannot be used (see {@link describeOpenError}). */
  static open(config: SpoolConfig): Spool {
    const spool = new Spool(config, config.storage.claim(config.root));
    spool.recovery.adopt();
    spool.every(HEARTBEAT_MS, () => spool.heartbeat());
    if (config.fsync === 'interval') spool.every(FSYNC_INTERVAL_MS, () => spool.syncDirty());
    return spool;
  }

  /** Starts handing recovered events to `sink`. */
  attach(sink: SpoolSink): void {
    this.sink = sink;
    this.feed();
  }

  append(json: string): void {
    if (this.feeding !== undefined) {
      // A recovered event entering the queue: it is on disk already.
      this.ledger.add(json, this.feeding.segment, this.feeding.index);
      return;
    }
    if (this.state !== 'disk') return;
    try {
      const segment = this.active ?? this.openSegment();
      const index = segment.nextIndex;
      const length = this.encoder.encodeEvent(json, index);
      if (this.segments.totalBytes + length > this.config.maxBytes) this.makeRoom(length);
      this.segments.write(segment, this.encoder.bytes, length);
      segment.nextIndex++;
      segment.pending++;
      this.ledger.add(json, segment, index);
      if (this.outage) this.endOutage();
      if (this.config.fsync === 'always') segment.file?.sync();
      else if (this.config.fsync === 'interval') this.dirty.add(segment);
      if (segment.bytes >= this.config.segmentBytes) this.active = undefined;
    } catch (error) {
      this.fallBack(error);
    }
  }

  settle(events: readonly string[]): void {
    if (this.ledger.size === 0) return;
    // Almost always one segment per batch; a map only when a batch spans several.
    let first: Segment | undefined;
    const firstIndices: number[] = [];
    let others: Map<Segment, number[]> | undefined;
    for (const json of events) {
      this.ledger.take(json, (segment, index) => {
        first ??= segment;
        if (segment === first) firstIndices.push(index);
        else {
          others ??= new Map();
          const list = others.get(segment);
          if (list === undefined) others.set(segment, [index]);
          else list.push(index);
        }
      });
    }
    if (first === undefined) return;
    this.acknowledge(first, firstIndices);
    if (others !== undefined) for (const [segment, indices] of others) this.acknowledge(segment, indices);
    this.feedSoon();
  }

  /**
   * Hands recovered events to the batcher while it has room (on start, after acknowledgements, on
   * each heartbeat and from `flush()`).
   */
  feed(): void {
    const { sink } = this;
    if (sink === undefined || this.feedingPaused || (this.state !== 'disk' && this.state !== 'memory')) return;
    this.fedCount += this.recovery.feed(
      () => sink.room(),
      (segment, record) => {
        this.feeding = { segment, index: record.index };
        try {
          sink.enqueue(record.json);
        } finally {
          this.feeding = undefined;
        }
      },
    );
  }

  /** Stops handing recovered events over (shutdown drains what the batcher holds; the rest waits on disk). */
  pauseFeeding(): void {
    this.feedingPaused = true;
  }

  /**
   * Stops timers, flushes to the device (unless `fsync: 'never'`) and closes files. With nothing
   * left unacknowledged the directory is removed; otherwise the next client adopts it.
   */
  close(): void {
    if (this.state === 'closed') return;
    const { storage, fsync } = this.config;
    const writing = this.state === 'disk' && fsync !== 'never';
    const ours = this.state !== 'taken';
    this.state = 'closed';
    for (const cancel of this.timers) cancel();
    this.segments.closeAll((segment) => writing && this.dirty.has(segment));
    try {
      if (ours && this.segments.unfinished() === 0) storage.removeDirectory(this.dir);
    } catch {
      // Left behind, it is adopted and removed by the next client.
    }
    storage.release(this.dir);
  }

  private every(ms: number, fn: () => void): void {
    const { scheduler } = this.config;
    let cancel: Cancel;
    const tick = () => {
      fn();
      if (this.state !== 'closed') cancel = scheduler.setTimeout(tick, ms);
    };
    cancel = scheduler.setTimeout(tick, ms);
    this.timers.push(() => cancel());
  }

  private openSegment(): Segment {
    const { storage } = this.config;
    const segment = createSegment(storage, storage.join(this.dir, `${String(++this.counter).padStart(8, '0')}${SEGMENT_SUFFIX}`));
    this.segments.addOwn(segment);
    this.active = segment;
    if (this.config.fsync === 'always') storage.syncDirectory(this.dir);
    else this.directoryDirty = true;
    return segment;
  }

  /** One error per outage, however often the retries at each heartbeat fail. */
  private fallBack(error: unknown): void {
    this.active = undefined;
    this.state = 'memory';
    if (this.outage) return;
    this.outage = true;
    this.config.logger.error(
      `spool: writing to '${this.config.root}' failed (${describe(error)}); events captured from now on are kept in memory only and are lost if the process dies before they are sent (the spool tries the disk again every ${HEARTBEAT_MS / 1000} s)`,
    );
  }

  private endOutage(): void {
    this.outage = false;
    this.config.logger.warn(`spool: writing to '${this.config.root}' again; events captured from now on are durable`);
  }

  private acknowledge(segment: Segment, indices: number[]): void {
    // Closed: nothing is in flight any more. Taken: the files are another process's now.
    if (segment.gone || this.state === 'closed' || this.state === 'taken') return;
    segment.pending -= indices.length;
    if (segment.pending <= 0) {
      this.dirty.delete(segment);
      if (segment === this.active) this.active = undefined;
      this.segments.remove(segment);
      return;
    }
    if (segment.broken) return;
    try {
      segment.file ??= this.config.storage.openAppend(segment.path);
      const length = this.encoder.encodeAck(indices.sort((a, b) => a - b));
      this.segments.write(segment, this.encoder.bytes, length);
    } catch {
      // An acknowledgement not written only means the event may be sent again after a crash.
    }
  }

  /**
   * Deletes the oldest segments until `length` more bytes fit under `maxBytes`. Events left by ended
   * processes that are not in the batcher yet are dropped and reported; this process's own events
   * are in memory, so they are still sent, only no longer durable.
   */
  private makeRoom(length: number): void {
    const { maxBytes, outcomes, logger } = this.config;
    while (this.segments.totalBytes + length > maxBytes) {
      const victim = this.segments.oldest(this.active);
      if (victim === undefined) return;
      if (victim.adoptedFrom !== undefined) {
        const dropped = this.recovery.unfed(victim);
        if (dropped.length > 0) outcomes.failed(dropped, 'spool_full', `spool.maxBytes (${maxBytes} bytes) reached; the oldest events left by an earlier process were dropped`);
      } else if (!this.warnedOwnEviction) {
        this.warnedOwnEviction = true;
        logger.warn(`spool: spool.maxBytes (${maxBytes} bytes) is reached by events this process still holds in memory; the oldest of them leave the disk (they are still sent, but would not survive a crash)`);
      }
      this.dirty.delete(victim);
      if (!victim.gone) this.segments.remove(victim);
    }
  }

  private heartbeat(): void {
    if (this.state === 'taken') return;
    let alive = true;
    try {
      alive = this.config.storage.heartbeat(this.dir);
    } catch {
      // Touching failed (a full or read-only disk): the next append finds out and reports it.
    }
    if (!alive) {
      this.config.logger.error(`spool: this client's directory under '${this.config.root}' was adopted by another process (it was silent too long); events are kept in memory only from now on`);
      this.state = 'taken';
      return;
    }
    if (this.state === 'memory') this.state = 'disk'; // the next append tries the disk again
    this.recovery.adopt();
    this.feed();
  }

  private syncDirty(): void {
    if (this.state !== 'disk') return;
    for (const segment of this.dirty) if (!segment.gone) segment.file?.syncSoon();
    this.dirty.clear();
    if (this.directoryDirty) {
      this.directoryDirty = false;
      this.config.storage.syncDirectory(this.dir);
    }
  }

  private feedSoon(): void {
    if (this.feedQueued || this.sink === undefined) return;
    this.feedQueued = true;
    queueMicrotask(() => {
      this.feedQueued = false;
      this.feed();
    });
  }
}
