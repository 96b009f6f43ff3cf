/**
 * The ports of the data-folder lock (one writer per data folder). Adapters: `adapters/fs/lock-file.ts` (the
 * file) and `adapters/os/process-table.ts` (is a process alive, when did it start).
 */

/** The lock file in the data folder. Its text is written whole: never half a record. */
export interface LockFile {
  /** Where the lock is, for messages. */
  readonly path: string;
  /** Creates the lock with this text if there is none (atomically, owner-only); false when one exists. */
  create(text: string): Promise<boolean>;
  /** The lock's text, or null when there is none. */
  read(): Promise<string | null>;
  /** Replaces the text of a lock this process holds (atomically). */
  replace(text: string): Promise<void>;
  /**
   * Moves the lock aside (one atomic rename: of two processes doing it at once, one wins) and returns its text,
   * with a way to put it back or discard it; null when there was no lock to move.
   */
  moveAside(): Promise<{ text: string; putBack(): Promise<void>; discard(): Promise<void> } | null>;
  /** Removes the lock if it still holds exactly this text. */
  remove(text: string): Promise<void>;
  /** The same, synchronously, for the process's `exit` hook (nothing async runs there). */
  removeNow(text: string): void;
}

/** The machine's processes, as far as the lock needs them. */
export interface ProcessTable {
  readonly pid: number;
  /** True when a process with this id exists (one we may not signal counts: it exists). */
  isAlive(pid: number): boolean;
  /**
   * An opaque mark of when the process started (Linux: /proc/<pid>/stat's start time), so that a reused pid is
   * told apart from the process that took the lock; null where the platform does not tell cheaply.
   */
  startMark(pid: number): string | null;
}
