import * as fs from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { SpoolEntry, SpoolFile, SpoolStorage } from './spool-storage.js';
import { isOrphan, markOwned, newOwnerName } from './node-spool-owners.js';

/** Spool files hold event contents: only the user the process runs as may read them. */
const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

const codeOf = (error: unknown) => (error as { code?: unknown })?.code;

/** A file opened with O_APPEND, so a write after a truncate lands at the new end, never past a hole. */
class NodeSpoolFile implements SpoolFile {
  private syncing = false;
  private closeWhenSynced = false;
  private closed = false;

  constructor(private readonly fd: number) {}

  append(bytes: Uint8Array, length: number): void {
    const written = fs.writeSync(this.fd, bytes, 0, length);
    // A short write is what a file system does when it fills up mid-record.
    if (written !== length) throw Object.assign(new Error(`ENOSPC: short write (${written} of ${length} bytes)`), { code: 'ENOSPC' });
  }

  truncate(size: number): void {
    fs.ftruncateSync(this.fd, size);
  }

  sync(): void {
    fs.fdatasyncSync(this.fd);
  }

  syncSoon(): void {
    if (this.syncing || this.closed) return;
    this.syncing = true;
    fs.fdatasync(this.fd, () => {
      this.syncing = false;
      // Closed while the flush ran on the thread pool: the descriptor could not be reused until now.
      if (this.closeWhenSynced) fs.close(this.fd, () => {});
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.syncing) this.closeWhenSynced = true;
    else fs.closeSync(this.fd);
  }
}

/** Spool storage on node:fs (Node.js, and Bun and Deno through their node:fs). @internal */
export function createNodeSpoolStorage(): SpoolStorage {
  return {
    claim(root) {
      const absolute = resolve(root);
      fs.mkdirSync(absolute, { recursive: true, mode: DIRECTORY_MODE });
      for (let attempt = 0; ; attempt++) {
        const name = newOwnerName();
        const dir = join(absolute, name);
        try {
          fs.mkdirSync(dir, { mode: DIRECTORY_MODE });
        } catch (error) {
          if (codeOf(error) === 'EEXIST' && attempt < 5) continue;
          throw error;
        }
        markOwned(name, true);
        return dir;
      }
    },
    release(dir) {
      markOwned(basename(dir), false);
    },
    heartbeat(dir) {
      try {
        const now = new Date();
        fs.utimesSync(dir, now, now);
        return true;
      } catch (error) {
        if (codeOf(error) === 'ENOENT') return false;
        throw error;
      }
    },
    adoptOrphans(root, into) {
      const absolute = resolve(root);
      const adopted: string[] = [];
      const now = Date.now();
      for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
        const from = join(absolute, entry.name);
        if (!entry.isDirectory() || from === into || !isOrphan(entry.name, from, now)) continue;
        const to = join(into, entry.name);
        try {
          fs.renameSync(from, to);
          adopted.push(to);
        } catch {
          // ENOENT: another process adopted it first. Anything else (another user's directory, say)
          // leaves it where it is, for a client that can take it.
        }
      }
      return adopted;
    },
    list(dir) {
      const entries: SpoolEntry[] = [];
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const directory = entry.isDirectory();
        let size = 0;
        if (!directory) {
          try {
            size = fs.statSync(join(dir, entry.name)).size;
          } catch {
            continue; // removed meanwhile
          }
        }
        entries.push({ name: entry.name, directory, size });
      }
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    join,
    create: (path) => new NodeSpoolFile(fs.openSync(path, 'ax', FILE_MODE)),
    openAppend: (path) => new NodeSpoolFile(fs.openSync(path, 'a', FILE_MODE)),
    read: (path) => fs.readFileSync(path),
    remove(path) {
      try {
        fs.unlinkSync(path);
      } catch (error) {
        if (codeOf(error) !== 'ENOENT') throw error;
      }
    },
    removeDirectory: (path) => fs.rmSync(path, { recursive: true, force: true }),
    syncDirectory(dir) {
      let fd: number | undefined;
      try {
        fd = fs.openSync(dir, 'r');
        fs.fsyncSync(fd);
      } catch {
        // Some file systems cannot sync a directory; the files themselves are still synced.
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    },
  };
}
