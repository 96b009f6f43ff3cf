import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobLogStream, type LogBatch } from '../../../../../src/main/core/containers/job-log-stream';
import type { JobLogWriter } from '../../../../../src/main/core/containers/ports';

class MemoryLogFile implements JobLogWriter {
  written: Buffer[] = [];
  closed = false;
  gate: Promise<void> = Promise.resolve();
  async write(data: Uint8Array) {
    await this.gate;
    this.written.push(Buffer.from(data));
  }
  async close() {
    this.closed = true;
  }
}

afterEach(() => vi.useRealTimers());

describe('JobLogStream', () => {
  it('batches output into events by time and caps the bytes per event, counting what was skipped', async () => {
    vi.useFakeTimers();
    const batches: LogBatch[] = [];
    const file = new MemoryLogFile();
    const stream = new JobLogStream('j', 'o', file, (b) => batches.push(b), { ringBytes: 64, eventBytesPerFlush: 10, flushIntervalMs: 100 });
    await stream.consume([{ stream: 'stdout', data: Buffer.from('0123456789ABCDEF\n') }]);
    await stream.consume([{ stream: 'stderr', data: Buffer.from('err\n') }]);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([{ jobId: 'j', opId: 'o', entries: [{ stream: 'stdout', text: '0123456789' }], skippedBytes: 11 }]);
    expect(Buffer.concat(file.written).toString()).toBe('0123456789ABCDEF\nerr\n');
    await stream.consume([{ stream: 'stderr', data: Buffer.from('again\n') }]);
    await stream.close();
    expect(batches[1]).toEqual({ jobId: 'j', opId: 'o', entries: [{ stream: 'stderr', text: 'again\n' }], skippedBytes: 0 });
    expect(file.closed).toBe(true);
    expect(stream.receivedBytes).toBe(27);
  });

  it('does not settle consume until the file has taken the bytes (backpressure)', async () => {
    const file = new MemoryLogFile();
    let release!: () => void;
    file.gate = new Promise((r) => (release = r));
    const stream = new JobLogStream('j', 'o', file, () => undefined);
    let settled = false;
    const pending = stream.consume([{ stream: 'stdout', data: Buffer.from('x') }]).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    release();
    await pending;
    expect(settled).toBe(true);
    await stream.close();
  });

  it('keeps multi-byte characters whole across chunks', async () => {
    vi.useFakeTimers();
    const batches: LogBatch[] = [];
    const stream = new JobLogStream('j', 'o', new MemoryLogFile(), (b) => batches.push(b));
    const euro = Buffer.from('€\n');
    await stream.consume([{ stream: 'stdout', data: euro.subarray(0, 1) }]);
    await stream.consume([{ stream: 'stdout', data: euro.subarray(1) }]);
    await stream.close();
    expect(batches.flatMap((b) => b.entries).map((e) => e.text).join('')).toBe('€\n');
  });
});
