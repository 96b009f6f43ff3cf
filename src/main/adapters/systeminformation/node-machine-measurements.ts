import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { MachineMeasurements } from '../../core/benchmark/ports';

const CHUNK = 4 * 1024 * 1024;
const MEMORY_BUFFER = 16 * 1024 * 1024;
const MB = 1e6;

/** How long each CPU or memory measurement runs. */
export interface MeasurementOptions {
  /** How long each CPU or memory measurement runs. Default 400 ms. */
  windowMs?: number;
}

/**
 * The system benchmark's measurements with Node alone. None blocks the event loop for more than a few
 * milliseconds: file I/O is asynchronous, memory copies yield between 16 MiB blocks, and hashing runs on
 * libuv's thread pool (WebCrypto), which is also what spreads it over the cores.
 */
export class NodeMachineMeasurements implements MachineMeasurements {
  private readonly windowMs: number;

  constructor(options: MeasurementOptions = {}) {
    this.windowMs = options.windowMs ?? 400;
  }

  async disk(dir: string, bytes: number, signal: AbortSignal): Promise<{ writeMBps: number; readMBps: number }> {
    const file = path.join(dir, `.gridhost-disk-benchmark-${randomBytes(4).toString('hex')}`);
    const chunk = randomBytes(Math.min(CHUNK, bytes));
    try {
      const writer = await open(file, 'w', 0o600);
      let writeMs: number;
      try {
        const started = performance.now();
        for (let written = 0; written < bytes; written += chunk.length) {
          signal.throwIfAborted();
          await writer.write(chunk, 0, Math.min(chunk.length, bytes - written));
        }
        // Count the flush to the device: without it this measures the page cache.
        await writer.datasync();
        writeMs = performance.now() - started;
      } finally {
        await writer.close();
      }
      const reader = await open(file, 'r');
      let readMs: number;
      try {
        const buffer = Buffer.allocUnsafe(chunk.length);
        const started = performance.now();
        for (let offset = 0; ; ) {
          signal.throwIfAborted();
          const { bytesRead } = await reader.read(buffer, 0, buffer.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
        }
        readMs = performance.now() - started;
      } finally {
        await reader.close();
      }
      return { writeMBps: bytes / MB / (writeMs / 1000), readMBps: bytes / MB / (readMs / 1000) };
    } finally {
      await unlink(file).catch(() => undefined);
    }
  }

  async memoryCopy(signal: AbortSignal): Promise<number> {
    const source = Buffer.alloc(MEMORY_BUFFER, 7);
    const target = Buffer.allocUnsafe(MEMORY_BUFFER);
    let copied = 0;
    let busyMs = 0;
    while (busyMs < this.windowMs) {
      signal.throwIfAborted();
      const started = performance.now();
      source.copy(target);
      busyMs += performance.now() - started;
      copied += MEMORY_BUFFER;
      await yieldToLoop();
    }
    // A copy reads and writes every byte.
    return (2 * copied) / 1e9 / (busyMs / 1000);
  }

  async cpu(signal: AbortSignal): Promise<{ singleCoreMBps: number; allCoresMBps: number }> {
    const block = randomBytes(CHUNK);
    const hashFor = async (lanes: number): Promise<number> => {
      let hashed = 0;
      const started = performance.now();
      const lane = async () => {
        while (performance.now() - started < this.windowMs) {
          signal.throwIfAborted();
          await crypto.subtle.digest('SHA-256', block);
          hashed += block.length;
        }
      };
      await Promise.all(Array.from({ length: lanes }, lane));
      return hashed / MB / ((performance.now() - started) / 1000);
    };
    const singleCoreMBps = await hashFor(1);
    const allCoresMBps = await hashFor(availableParallelism());
    return { singleCoreMBps, allCoresMBps };
  }
}
