import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who owns a spool directory, and whether that owner is still alive. A directory is named for the
 * process that made it (`p<pid>-<random>-<scope>`), so ownership needs no lock file that a killed
 * process could leave half written: `mkdir` creates directory and name at once.
 *
 * The scope says where the pid means something: the host name, the boot, and (on Linux) the pid
 * namespace, so two containers sharing a volume never read each other's pids. Inside its scope an
 * owner is alive while its pid is (a zombie counts as ended). Across scopes (a volume shared between
 * hosts, a container restarted under a new name) the owner's heartbeat decides: a directory not
 * touched for {@link FOREIGN_STALE_MS} is taken to belong to an ended process.
 */

/** An owner in another scope that has not touched its directory for this long has ended. */
export const FOREIGN_STALE_MS = 5 * 60_000;

const OWNER_NAME = /^p(\d+)-([0-9a-z]+)-([0-9a-f]{8})$/;

/** Directories owned by clients of this process that are still open. */
const ownedHere = new Set<string>();

function readOrEmpty(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}

/** FNV-1a over a string, as 8 hex digits: short enough for a directory name. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

let scope: string | undefined;

/** Where this process's pid is meaningful (computed once). */
function ownScope(): string {
  scope ??= shortHash(
    [
      hostname(),
      readOrEmpty(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
      readOrEmpty(() => readlinkSync('/proc/self/ns/pid')),
    ].join('\n'),
  );
  return scope;
}

/** A fresh owner directory name for this process. @internal */
export function newOwnerName(): string {
  const random = Math.random().toString(36).slice(2, 10) || '0';
  return `p${process.pid}-${random}-${ownScope()}`;
}

/** Records that a client of this process owns (or no longer owns) the directory called `name`. @internal */
export function markOwned(name: string, owned: boolean): void {
  if (owned) ownedHere.add(name);
  else ownedHere.delete(name);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
  // A killed process nobody has reaped yet still answers signal 0.
  const stat = readOrEmpty(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/**
 * True when the directory `name` (at `path`) belongs to a process that has ended. A name the spool
 * did not make is never an orphan: it is left alone.
 * @internal
 */
export function isOrphan(name: string, path: string, now: number): boolean {
  const match = OWNER_NAME.exec(name);
  if (match === null) return false;
  if (match[3] !== ownScope()) {
    const touched = readOrEmpty(() => String(statSync(path).mtimeMs));
    return touched !== '' && now - Number(touched) > FOREIGN_STALE_MS;
  }
  if (ownedHere.has(name)) return false;
  const pid = Number(match[1]);
  // Our own pid on a directory we do not hold: an earlier process that had our pid (a container's pid 1).
  return pid === process.pid || !processAlive(pid);
}
