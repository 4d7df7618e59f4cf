import type { Logger } from '../base/logger.js';
import type { Outcomes } from '../delivery/outcomes.js';
import { Spool, describeOpenError } from '../delivery/spool/spool.js';
import type { Platform } from '../platform/platform.js';
import type { ResolvedOptions } from './options.js';

/** Clients (by their resolved options) that have already said their spool directory is unusable. */
const reported = new WeakSet<ResolvedOptions>();

/**
 * Opens the spool of one lane under `<spool.directory>/<lane>` when the option is on and the runtime
 * has a file system (the client has said so once when it has not). Each lane and capture mode has
 * its own directory, since its events go to its own endpoint in its own shape. An unusable directory
 * is reported once per client, not once per lane.
 * @internal
 */
export function openLaneSpool(lane: string, options: ResolvedOptions, platform: Platform, logger: Logger, outcomes: Outcomes): Spool | undefined {
  const { spool } = options;
  const storage = platform.spoolStorage;
  if (spool === undefined || storage === undefined || options.disabled) return undefined;
  try {
    return Spool.open({
      storage,
      root: storage.join(spool.directory, lane),
      fsync: spool.fsync,
      maxBytes: spool.maxBytes,
      segmentBytes: spool.segmentBytes,
      scheduler: platform.scheduler,
      logger,
      outcomes,
    });
  } catch (error) {
    if (!reported.has(options)) logger.error(describeOpenError(spool.directory, error));
    reported.add(options);
    return undefined;
  }
}
