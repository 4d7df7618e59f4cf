/**
 * The part of the durable spool that touches a disk: directories, append-only files, fsync. The Node
 * platform implements it on node:fs (node-spool.ts), which Bun and Deno provide too; edge runtimes
 * have none, and the client refuses the `spool` option there. Every method may throw an error with a
 * `code` (`ENOSPC`, `EACCES`, …): the spool catches it and falls back to memory.
 * @internal
 */
export interface SpoolStorage {
  /**
   * Makes `root` if it is missing and, under it, a directory owned by this process, and returns that
   * directory's path. Each process (each client) writes only into its own directory.
   */
  claim(root: string): string;
  /** This process no longer owns `dir`: it becomes an orphan for the next client to adopt. */
  release(dir: string): void;
  /** Marks `dir` as in use now; false when it no longer exists (another process adopted it). */
  heartbeat(dir: string): boolean;
  /**
   * Moves each directory under `root` whose owner has ended into `into`, whole, by one rename, so
   * that two processes adopting at once never both take the same one. Returns the moved paths.
   */
  adoptOrphans(root: string, into: string): string[];
  /** The entries of `dir`, sorted by name. */
  list(dir: string): SpoolEntry[];
  /** `dir` joined with `name`. */
  join(dir: string, name: string): string;
  /** Creates a new file for appending; fails if it exists. */
  create(path: string): SpoolFile;
  /** Opens an existing file for appending. */
  openAppend(path: string): SpoolFile;
  /** The whole content of a file. */
  read(path: string): Uint8Array;
  /** Deletes a file; a missing file is not an error. */
  remove(path: string): void;
  /** Deletes a directory and whatever is left in it. */
  removeDirectory(path: string): void;
  /** Makes the entries of `dir` (new and deleted files) durable, where the file system allows. */
  syncDirectory(dir: string): void;
}

/** One entry of {@link SpoolStorage.list}. @internal */
export interface SpoolEntry {
  name: string;
  directory: boolean;
  /** Bytes (files only). */
  size: number;
}

/** A spool file open for appending. @internal */
export interface SpoolFile {
  /** Appends `bytes[0, length)` with one write; throws unless every byte was written. */
  append(bytes: Uint8Array, length: number): void;
  /** Cuts the file back to `size` bytes (after a failed append). */
  truncate(size: number): void;
  /** Flushes the file's data to the device before returning. */
  sync(): void;
  /** Starts flushing the file's data to the device in the background. */
  syncSoon(): void;
  /** Closes the file (once a background flush has finished). */
  close(): void;
}
