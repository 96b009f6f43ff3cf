/**
 * The narrow ports of the logs domain. Adapters in src/main/adapters/logs implement them over the file
 * system and zip files; unit tests pass in-memory fakes.
 */
import type { Readable } from 'node:stream';

/** Where finished log lines go. Writing never blocks and never throws: a sink that cannot write counts drops. */
export interface LogSink {
  /** Queues one line (JSON text without the newline). */
  write(line: string): void;
  /** Resolves once every line queued so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and closes; later writes are dropped. */
  close(): Promise<void>;
}

/** A file in the log folder, by its path relative to that folder (`gridhost.log`, `jobs/<container>.log`). */
export interface LogFileInfo {
  name: string;
  bytes: number;
  /** Last modification, epoch ms. */
  modifiedMs: number;
}

/** The log folder as the support bundle and the Support page read it. */
export interface LogFolder {
  /** Every log file, main logs and job logs. Missing folder: an empty list. */
  list(): Promise<LogFileInfo[]>;
  /** Streams the bytes of a file from `start` (a byte offset) to its end. */
  openRead(name: string, start?: number): Readable;
  /** Up to `bytes` bytes ending at `end` (the file's size when omitted). */
  readRange(name: string, start: number, end: number): Promise<Buffer>;
}

/** One entry of a zip being written. Entries are written one after the other, in the order added. */
export interface BundleWriter {
  /** Adds an entry from a stream; resolves when the stream has been consumed into the archive. */
  addStream(name: string, content: Readable): Promise<void>;
  addBuffer(name: string, content: Buffer): Promise<void>;
  /** Finishes the archive; resolves with its size in bytes once it is completely written. */
  finish(): Promise<number>;
  /** Abandons the archive (deletes the partial file). */
  abort(): Promise<void>;
}

/** A zip being read: its entries by name, each opened as a stream of its decompressed bytes. */
export interface BundleReader {
  entries(): Array<{ name: string; bytes: number }>;
  open(name: string): Promise<Readable>;
  close(): void;
}

/** The operating system, CPUs, memory and runtime versions, for a support bundle (the os adapter). */
export type SystemDescriber = () => Promise<Record<string, unknown>>;

/** The main log's sink, whose rotation limits follow the settings. */
export interface RotatingLogSink extends LogSink {
  setLimits(maxFileBytes: number, maxFiles: number): void;
}

/** Where a path really leads, links followed; null when nothing is there (the fs adapter's realpath). */
export type RealPath = (path: string) => Promise<string | null>;

/** The desktop app's open-file dialog for a support bundle: the chosen path, or null when cancelled. */
export type BundleFilePicker = () => Promise<string | null>;
