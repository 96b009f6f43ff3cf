import { LogRing, type LogLine } from './log-ring';
import type { JobLogWriter, LogChunk } from './ports';

/** One batch of output pushed to clients. */
export interface LogBatch {
  jobId: string;
  opId: string;
  entries: LogLine[];
  /** Output left out of the pushed events to keep clients responsive; it is still in the job's log file. */
  skippedBytes: number;
}

export interface JobLogLimits {
  /** Recent output kept in memory per op. */
  ringBytes: number;
  /** Most output pushed as events per flush; the rest is counted in `skippedBytes`. */
  eventBytesPerFlush: number;
  /** How often pending output is pushed. */
  flushIntervalMs: number;
}

export const DEFAULT_JOB_LOG_LIMITS: JobLogLimits = {
  ringBytes: 1024 * 1024,
  eventBytesPerFlush: 64 * 1024,
  flushIntervalMs: 250,
};

/**
 * Where one op's output goes: a bounded ring in memory, the op's capped log file, and batched events. The
 * file write is awaited, which is the backpressure: while the disk is behind, the adapter stops reading
 * from the engine (the engine's own json-file copy is rotated, so nothing grows without bound). Events are
 * batched by time and capped by bytes, so a container printing 50 MB/s sends clients at most
 * eventBytesPerFlush per flushIntervalMs.
 */
export class JobLogStream {
  readonly ring: LogRing;
  private pending: LogChunk[] = [];
  private pendingBytes = 0;
  private skipped = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  private total = 0;

  constructor(
    private readonly jobId: string,
    private readonly opId: string,
    private readonly file: JobLogWriter,
    private readonly publish: (batch: LogBatch) => void,
    private readonly limits: JobLogLimits = DEFAULT_JOB_LOG_LIMITS,
  ) {
    this.ring = new LogRing(limits.ringBytes);
    this.timer = setInterval(() => this.flush(), limits.flushIntervalMs);
    this.timer.unref?.();
  }

  /** The LogConsumer handed to the engine adapter. */
  readonly consume = async (chunks: LogChunk[]): Promise<void> => {
    let size = 0;
    for (const chunk of chunks) size += chunk.data.length;
    if (size === 0) return;
    this.total += size;
    this.ring.push(chunks);
    this.queueForEvents(chunks);
    await this.file.write(chunks.length === 1 ? chunks[0]!.data : Buffer.concat(chunks.map((c) => c.data)));
  };

  /** Bytes of output received so far. */
  get receivedBytes(): number {
    return this.total;
  }

  /** Pushes what is pending, stops the timer and closes the file. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
    await this.file.close();
  }

  private queueForEvents(chunks: LogChunk[]): void {
    for (const chunk of chunks) {
      const room = this.limits.eventBytesPerFlush - this.pendingBytes;
      if (room <= 0) {
        this.skipped += chunk.data.length;
        continue;
      }
      const take = Math.min(room, chunk.data.length);
      // Copied: the chunk is a view into a socket buffer that must not be kept alive until the flush.
      this.pending.push({ stream: chunk.stream, data: Uint8Array.prototype.slice.call(chunk.data, 0, take) });
      this.pendingBytes += take;
      this.skipped += chunk.data.length - take;
    }
  }

  private flush(): void {
    if (this.pending.length === 0 && this.skipped === 0) return;
    const entries: LogLine[] = [];
    for (const chunk of this.pending) {
      const text = this.decoders[chunk.stream].decode(chunk.data, { stream: true });
      const last = entries[entries.length - 1];
      if (last && last.stream === chunk.stream) last.text += text;
      else entries.push({ stream: chunk.stream, text });
    }
    const batch: LogBatch = { jobId: this.jobId, opId: this.opId, entries, skippedBytes: this.skipped };
    this.pending = [];
    this.pendingBytes = 0;
    this.skipped = 0;
    this.publish(batch);
  }
}
