import { excerpt } from '../base/excerpt.js';
import type { FsyncPolicy } from '../delivery/spool/spool.js';

/**
 * The durable spool (Node.js, Bun and Deno through the `posthog-ts` entry): every event `capture()`
 * accepts is written to a file before the call returns, and removed once PostHog has it. Events of
 * a process that dies — even by `SIGKILL` or an out-of-memory kill — are sent by the next client
 * started on the same directory, with their original uuid and timestamp.
 * @example new PostHog(key, { spool: { directory: '/var/lib/my-app/posthog' } })
 */
export interface SpoolOptions {
  /**
   * Where the spool keeps its files; made if missing. Use one directory per project (API key) and
   * host: a client sends what it finds there to its own project. Processes may share it; each writes
   * its own subdirectory and adopts those of processes that have ended.
   */
  directory: string;
  /**
   * When written events are flushed from the OS to the device. Every policy survives the process
   * being killed; they differ on power loss or a kernel crash:
   * - `'never'`: the OS writes them out when it likes (typically within 30 s on Linux);
   * - `'interval'`: flushed every second, so at most the last second is at risk;
   * - `'always'`: flushed before `capture()` returns — nothing is at risk, at the cost of a device
   *   round trip per event (milliseconds on most disks).
   * @default 'interval'
   */
  fsync?: 'never' | 'interval' | 'always';
  /**
   * Most bytes on disk, per lane (analytics and AI events each). When more is needed, the oldest
   * events left by earlier processes are dropped (`onFailure` with reason `spool_full`).
   * @default 67_108_864 (64 MiB)
   */
  maxBytes?: number;
  /** @internal Size at which a segment file is closed and a new one started (tests use small ones). */
  segmentBytes?: number;
}

/** The spool options after defaults and checks. @internal */
export interface ResolvedSpoolOptions {
  readonly directory: string;
  readonly fsync: FsyncPolicy;
  readonly maxBytes: number;
  readonly segmentBytes: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const MIN_MAX_BYTES = 64 * 1024;
const MAX_SEGMENT_BYTES = 1024 * 1024;

/**
 * Checks the `spool` option. Off when absent; a wrong value logs a line naming the field and either
 * falls back (fsync, maxBytes) or leaves the spool off (directory). @internal
 */
export function resolveSpoolOptions(value: unknown, warn: (message: string) => void): ResolvedSpoolOptions | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  const options = value as Partial<SpoolOptions>;
  if (typeof value !== 'object' || typeof options.directory !== 'string' || options.directory.trim() === '') {
    warn(`option spool.directory must be a non-empty path (got ${excerpt(typeof value === 'object' ? options.directory : value)}); the spool is off`);
    return undefined;
  }
  let fsync: FsyncPolicy = 'interval';
  if (options.fsync === 'never' || options.fsync === 'always' || options.fsync === 'interval') fsync = options.fsync;
  else if (options.fsync !== undefined) warn(`option spool.fsync=${excerpt(options.fsync)} is invalid (expected 'never', 'interval' or 'always'); using 'interval'`);
  let maxBytes = DEFAULT_MAX_BYTES;
  if (typeof options.maxBytes === 'number' && Number.isFinite(options.maxBytes) && options.maxBytes >= MIN_MAX_BYTES) maxBytes = Math.floor(options.maxBytes);
  else if (options.maxBytes !== undefined) warn(`option spool.maxBytes=${excerpt(options.maxBytes)} is invalid (expected a number ≥ ${MIN_MAX_BYTES}); using ${DEFAULT_MAX_BYTES}`);
  // Sixteen segments or more fit under maxBytes, so dropping the oldest frees a small part of it.
  let segmentBytes = Math.max(4096, Math.min(MAX_SEGMENT_BYTES, Math.floor(maxBytes / 16)));
  if (typeof options.segmentBytes === 'number' && options.segmentBytes >= 64) segmentBytes = Math.floor(options.segmentBytes);
  return Object.freeze({ directory: options.directory.trim(), fsync, maxBytes, segmentBytes });
}
