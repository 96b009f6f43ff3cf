import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLogLine } from '../../core/logs/log-line';
import type { RotatingLogSink } from '../../core/logs/ports';

export interface RotatingFileSinkOptions {
  /** The log folder (`<dataDir>/logs`). */
  dir: string;
  /** File name stem: `gridhost` gives gridhost.log, gridhost.1.log (newest old), gridhost.2.log... */
  stem?: string;
  /** A file is rotated before it would grow past this size. */
  maxFileBytes: number;
  /** Files kept, the current one included. */
  maxFiles: number;
  /** How long a line may wait in memory before it is written. */
  flushIntervalMs?: number;
  /** Past this much unwritten text (a stalled disk), new lines are dropped and counted instead of piling up. */
  maxPendingBytes?: number;
  /** Told once per failure streak when the disk refuses a write (the desktop shell prints it to stderr). */
  onWriteError?: (err: Error) => void;
}

/** The name of the nth file of a stem: 0 is the current file. */
export function rotatedName(stem: string, index: number): string {
  return index === 0 ? `${stem}.log` : `${stem}.${index}.log`;
}

/**
 * The main log on disk: lines are queued in memory and written in batches by an async chain, so logging
 * never waits on the disk; files rotate by size and the oldest beyond the count are deleted.
 */
export class RotatingFileSink implements RotatingLogSink {
  private readonly stem: string;
  private maxFileBytes: number;
  private maxFiles: number;
  private readonly flushIntervalMs: number;
  private readonly maxPendingBytes: number;

  private pending: string[] = [];
  private pendingBytes = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerSoon = false;
  private chain: Promise<void> = Promise.resolve();
  private handle: FileHandle | null = null;
  private size = 0;
  private closed = false;
  private failing = false;

  constructor(private readonly options: RotatingFileSinkOptions) {
    this.stem = options.stem ?? 'gridhost';
    this.maxFileBytes = options.maxFileBytes;
    this.maxFiles = options.maxFiles;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxPendingBytes = options.maxPendingBytes ?? 8 * 1024 * 1024;
  }

  /** The current file's path. */
  get path(): string {
    return join(this.options.dir, rotatedName(this.stem, 0));
  }

  /** Applies new limits (settings.logs); they take effect at the next write. */
  setLimits(maxFileBytes: number, maxFiles: number): void {
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = maxFiles;
  }

  write(line: string): void {
    if (this.closed || this.pendingBytes > this.maxPendingBytes) {
      this.dropped++;
      return;
    }
    this.pending.push(line);
    // UTF-16 length is a cheap stand-in for the byte count here; rotation uses the real byte counts.
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= 64 * 1024) this.schedule(0);
    else this.schedule(this.flushIntervalMs);
  }

  flush(): Promise<void> {
    this.clearTimer();
    this.chain = this.chain.then(() => this.drain());
    return this.chain;
  }

  async close(): Promise<void> {
    if (this.closed) return this.chain;
    await this.flush();
    this.closed = true;
    this.chain = this.chain.then(async () => {
      await this.handle?.close();
      this.handle = null;
    });
    return this.chain;
  }

  private schedule(delayMs: number): void {
    // A flush already due at least this soon covers this line too.
    if (this.timer && (delayMs > 0 || this.timerSoon)) return;
    this.clearTimer();
    this.timerSoon = delayMs === 0;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerSoon = false;
  }

  private async drain(): Promise<void> {
    if (this.dropped > 0 && !this.closed) {
      this.pending.push(
        formatLogLine(new Date(), 'warn', 'log lines dropped', 'logs', {
          count: this.dropped,
          why: 'the disk did not keep up or refused writes',
        }),
      );
      this.dropped = 0;
    }
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (lines.length === 0) return;
    try {
      await this.writeLines(lines);
      this.failing = false;
    } catch (err) {
      this.dropped += lines.length;
      await this.handle?.close().catch(() => undefined);
      this.handle = null;
      if (!this.failing) this.options.onWriteError?.(err as Error);
      this.failing = true;
    }
  }

  /** Writes lines in batches that each fit the current file, rotating between them. */
  private async writeLines(lines: string[]): Promise<void> {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.from(`${line}\n`, 'utf8');
      const handle = await this.currentHandle();
      if (this.size + batchBytes + bytes.length > this.maxFileBytes && this.size + batchBytes > 0) {
        await this.append(handle, batch, batchBytes);
        batch = [];
        batchBytes = 0;
        await this.rotate();
      }
      batch.push(bytes);
      batchBytes += bytes.length;
    }
    if (batch.length > 0) await this.append(await this.currentHandle(), batch, batchBytes);
  }

  private async append(handle: FileHandle, batch: Buffer[], bytes: number): Promise<void> {
    if (bytes === 0) return;
    await handle.writev(batch);
    this.size += bytes;
  }

  private async currentHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const handle = await open(this.path, 'a', 0o600);
    this.size = (await handle.stat()).size;
    this.handle = handle;
    return handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    const dir = this.options.dir;
    await this.removeBeyond(this.maxFiles - 1);
    for (let i = this.maxFiles - 1; i >= 1; i--) {
      await rename(join(dir, rotatedName(this.stem, i - 1)), join(dir, rotatedName(this.stem, i))).catch(ignoreMissing);
    }
    if (this.maxFiles <= 1) await rm(this.path, { force: true });
    this.size = 0;
  }

  /** Deletes rotated files numbered `last` and above (the oldest, and any left from a larger maxFiles). */
  private async removeBeyond(last: number): Promise<void> {
    const pattern = new RegExp(`^${this.stem}\\.(\\d+)\\.log$`);
    for (const name of await readdir(this.options.dir)) {
      const index = Number(pattern.exec(name)?.[1] ?? Number.NaN);
      if (index >= Math.max(1, last)) await rm(join(this.options.dir, name), { force: true });
    }
  }
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
