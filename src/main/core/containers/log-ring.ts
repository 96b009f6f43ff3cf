import type { LogChunk } from './ports';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * The most recent output of one container, at most `maxBytes`, in memory. Chunks are copied in (a chunk is
 * often a view into a 64 KiB socket buffer that must not be kept alive) and split into lines only when read,
 * so a flood costs one copy of what is kept, not an object per line.
 */
export class LogRing {
  private chunks: LogChunk[] = [];
  private bytes = 0;
  private seen = 0;

  constructor(private readonly maxBytes: number) {}

  push(batch: readonly LogChunk[]): void {
    // Walk from the newest chunk back, keeping only what can stay (older data in the batch would be evicted
    // at once anyway), and merge runs of one stream into one copied chunk so the ring holds few entries.
    const runs: Array<{ stream: LogChunk['stream']; parts: Uint8Array[] }> = [];
    let room = this.maxBytes;
    for (let i = batch.length - 1; i >= 0; i -= 1) {
      const chunk = batch[i]!;
      this.seen += chunk.data.length;
      if (room === 0 || chunk.data.length === 0) continue;
      const take = Math.min(room, chunk.data.length);
      const part = chunk.data.subarray(chunk.data.length - take);
      const run = runs[runs.length - 1];
      if (run && run.stream === chunk.stream) run.parts.push(part);
      else runs.push({ stream: chunk.stream, parts: [part] });
      room -= take;
    }
    for (let i = runs.length - 1; i >= 0; i -= 1) {
      const run = runs[i]!;
      const data = Buffer.concat(run.parts.reverse());
      this.chunks.push({ stream: run.stream, data });
      this.bytes += data.length;
    }
    this.evict();
  }

  /** Bytes held now (never above the cap). */
  get size(): number {
    return this.bytes;
  }

  /** Bytes that went through the ring and are no longer held. */
  get evictedBytes(): number {
    return this.seen - this.bytes;
  }

  /**
   * The last `maxLines` lines, oldest first. A line is joined per stream, so stdout cut by a stderr write
   * comes back whole; a line cut by the cap starts part way.
   */
  tail(maxLines: number): LogLine[] {
    const lines: LogLine[] = [];
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const open: Partial<Record<LogLine['stream'], LogLine>> = {};
    for (const chunk of this.chunks) {
      const parts = decoders[chunk.stream].decode(chunk.data, { stream: true }).split('\n');
      parts.forEach((part, index) => {
        const last = index === parts.length - 1;
        let line = open[chunk.stream];
        if (line) line.text += part;
        else if (part.length > 0 || !last) {
          line = { stream: chunk.stream, text: part };
          lines.push(line);
        }
        open[chunk.stream] = last ? line : undefined;
      });
    }
    return lines.slice(-maxLines);
  }

  private evict(): void {
    while (this.bytes > this.maxBytes && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const over = this.bytes - this.maxBytes;
      if (first.data.length <= over) {
        this.chunks.shift();
        this.bytes -= first.data.length;
      } else {
        this.chunks[0] = { stream: first.stream, data: first.data.subarray(over) };
        this.bytes -= over;
      }
    }
  }
}
