import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordEncoder, SEGMENT_MAGIC } from '../../src/delivery/spool/records.js';
import { createNodeSpoolStorage } from '../../src/platform/node-spool.js';
import { newOwnerName } from '../../src/platform/node-spool-owners.js';
import type { SpoolFile, SpoolStorage } from '../../src/platform/spool-storage.js';

/** A wire event as the SDK queues it, with a padding property to reach a size. */
export function eventJson(n: number, padding = 0): string {
  const uuid = `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  return JSON.stringify({ uuid, event: 'left behind', distinct_id: 'u', properties: { n, pad: 'x'.repeat(padding) }, timestamp: '2026-01-01T00:00:00.000Z', type: 'capture' });
}

/** The bytes of a segment file: magic, then event records (index = position) and acknowledgements. */
export function segmentBytes(records: Array<{ event: string } | { ack: number[] }>): Buffer {
  const encoder = new RecordEncoder();
  const parts: Buffer[] = [Buffer.from(SEGMENT_MAGIC)];
  let index = 0;
  for (const record of records) {
    const length = 'event' in record ? encoder.encodeEvent(record.event, index++) : encoder.encodeAck(record.ack);
    parts.push(Buffer.from(encoder.bytes.subarray(0, length)));
  }
  return Buffer.concat(parts);
}

/**
 * Writes segment files into a directory named as an ended process's would be (our pid with a name no
 * client of ours holds: an earlier process that had our pid), under `<root>/capture`.
 */
export function leaveBehind(root: string, segments: Buffer[]): string {
  const dir = join(root, 'capture', newOwnerName());
  mkdirSync(dir, { recursive: true });
  for (const [i, bytes] of segments.entries()) writeFileSync(join(dir, `${String(i + 1).padStart(8, '0')}.seg`), bytes);
  return dir;
}

/** Every file under a directory, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  try {
    return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; isFile(): boolean; parentPath?: string; path?: string }>)
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? e.path ?? '', e.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

/** Counts of what the spool asked of its storage. */
export interface StorageCalls {
  creates: number;
  appends: number;
  syncs: number;
  syncsSoon: number;
}

/**
 * Node storage with a hook on each append (`fail` may throw to fake a disk error, after writing part
 * of the bytes if it likes) and counts of the calls made.
 */
export function watchedStorage(fail?: (call: number, file: SpoolFile, bytes: Uint8Array, length: number) => void): { storage: SpoolStorage; calls: StorageCalls } {
  const base = createNodeSpoolStorage();
  const calls: StorageCalls = { creates: 0, appends: 0, syncs: 0, syncsSoon: 0 };
  const wrap = (file: SpoolFile): SpoolFile => ({
    append(bytes, length) {
      calls.appends++;
      fail?.(calls.appends, file, bytes, length);
      file.append(bytes, length);
    },
    truncate: (size) => file.truncate(size),
    sync() {
      calls.syncs++;
      file.sync();
    },
    syncSoon() {
      calls.syncsSoon++;
      file.syncSoon();
    },
    close: () => file.close(),
  });
  const storage: SpoolStorage = {
    ...base,
    create(path) {
      calls.creates++;
      return wrap(base.create(path));
    },
    openAppend: (path) => wrap(base.openAppend(path)),
  };
  return { storage, calls };
}

/** An error as node:fs throws it for a full disk. */
export function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}
