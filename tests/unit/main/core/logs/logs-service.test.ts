import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../../src/shared/settings';
import { LogsService, bundleFileName } from '../../../../../src/main/core/logs/logs-service';
import type { BundleReader, BundleWriter, LogFileInfo, LogFolder, RotatingLogSink } from '../../../../../src/main/core/logs/ports';
import { Redactor } from '../../../../../src/main/core/logs/redactor';
import { StructuredLogger } from '../../../../../src/main/core/logs/structured-logger';
import type { EventSink } from '../../../../../src/main/core/ports';

class MemorySink implements RotatingLogSink {
  lines: string[] = [];
  limits: [number, number] | null = null;
  write(line: string): void {
    this.lines.push(line);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  setLimits(maxFileBytes: number, maxFiles: number): void {
    this.limits = [maxFileBytes, maxFiles];
  }
}

/** The sink's lines, as a log folder holding one file. */
class MemoryFolder implements LogFolder {
  constructor(private readonly sink: MemorySink) {}
  private text(): Buffer {
    return Buffer.from(this.sink.lines.map((l) => `${l}\n`).join(''));
  }
  async list(): Promise<LogFileInfo[]> {
    return [{ name: 'gridhost.log', bytes: this.text().length, modifiedMs: 0 }];
  }
  openRead(_name: string, start = 0): Readable {
    return Readable.from([this.text().subarray(start)]);
  }
  async readRange(_name: string, start: number, end: number): Promise<Buffer> {
    return this.text().subarray(start, end);
  }
}

class MemoryWriter implements BundleWriter {
  entries = new Map<string, string>();
  finished = false;
  constructor(private readonly gate: Promise<void> = Promise.resolve()) {}
  async addStream(name: string, content: Readable): Promise<void> {
    await this.gate;
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(chunk as Buffer);
    this.entries.set(name, Buffer.concat(chunks).toString());
  }
  async addBuffer(name: string, content: Buffer): Promise<void> {
    this.entries.set(name, content.toString());
  }
  async finish(): Promise<number> {
    this.finished = true;
    return [...this.entries.values()].reduce((n, s) => n + s.length, 0);
  }
  async abort(): Promise<void> {}
}

function setup(options: { writer?: MemoryWriter; now?: () => number } = {}) {
  const sink = new MemorySink();
  const redactor = new Redactor();
  const clock = { now: options.now ?? (() => Date.UTC(2026, 10, 25, 10)) };
  const logger = StructuredLogger.create({ sink, redactor, clock, level: 'info' });
  const writers: string[] = [];
  const service = new LogsService({
    logger,
    sink,
    redactor,
    folder: new MemoryFolder(sink),
    clock,
    bundlesDir: '/data/support',
    openBundleWriter: async (path) => {
      writers.push(path);
      return options.writer ?? new MemoryWriter();
    },
    openBundleReader: async (): Promise<BundleReader> => {
      throw new Error('/x.zip is not a support bundle: it is not a readable zip file.');
    },
    realPath: async (path) => path,
    describeSystem: async () => ({ platform: 'linux', arch: 'x64' }),
  });
  return { service, sink, logger, writers };
}

const sources = { app: { name: 'GridHost', version: '0.1.0', mode: 'desktop' } };

describe('LogsService', () => {
  it('applies settings.logs: the level to every logger, the limits to the sink', () => {
    const { service, sink, logger } = setup();
    const child = logger.child({ component: 'grid' });
    service.applySettings({ ...defaultSettings().logs, level: 'error', maxFileMiB: 3, maxFiles: 7 });
    child.warn('hidden');
    child.error('shown');
    expect(sink.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
    expect(sink.limits).toEqual([3 * 1024 * 1024, 7]);
  });

  it('writes renderer reports as component renderer, and rate-limits an error loop with a count', () => {
    let now = Date.UTC(2026, 10, 25, 10);
    const { service, sink } = setup({ now: () => now });
    const results = Array.from({ length: 40 }, (_, i) => service.report({ level: 'error', message: `boom ${i}`, source: '#/jobs' }));
    expect(results.filter(Boolean)).toHaveLength(30);
    now += 61_000;
    expect(service.report({ level: 'warn', message: 'later' })).toBe(true);
    const lines = sink.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom 0', component: 'renderer', source: '#/jobs' });
    expect(lines.at(-2)).toMatchObject({ msg: 'renderer reports dropped', count: 10 });
    expect(lines.at(-1)).toMatchObject({ level: 'warn', msg: 'later' });
  });

  it('removes the node key from everything logged once the keypair is known', () => {
    const { service, sink, logger } = setup();
    const seed = new Uint8Array(32).fill(7);
    const publicKey = new Uint8Array(32).fill(9);
    service.rememberKeypair({ revealSeed: () => Uint8Array.from(seed), publicKey });
    const hex = Buffer.concat([seed, publicKey]).toString('hex');
    logger.info(`glued${hex}glued`);
    expect(sink.lines.join('')).not.toContain(hex);
    expect(sink.lines.join('')).not.toContain(Buffer.from(seed).toString('hex'));
  });

  it('exports into the bundles folder by default, publishes progress, and logs where it went', async () => {
    const { service, sink, logger, writers } = setup();
    logger.info('something happened');
    const events: unknown[] = [];
    const sink2: EventSink = { publish: (_e, data) => void events.push(data) };
    const result = await service.export(sources, { events: sink2 });
    expect(writers).toEqual([`/data/support/${bundleFileName(Date.UTC(2026, 10, 25, 10))}`]);
    expect(result.path).toBe('/data/support/gridhost-support-20261125-100000.zip');
    expect(result.notes.map((n) => n.item)).toContain('gpu');
    expect(events.at(-1)).toEqual({ doneBytes: expect.any(Number), totalBytes: expect.any(Number) });
    expect(sink.lines.at(-1)).toContain('support bundle written');
  });

  it('refuses a second export while one is being written', async () => {
    let release!: () => void;
    const writer = new MemoryWriter(new Promise<void>((r) => (release = r)));
    const { service, logger } = setup({ writer });
    logger.info('x');
    const first = service.export(sources);
    await new Promise((r) => setTimeout(r, 10));
    await expect(service.export(sources)).rejects.toMatchObject({ code: 'busy' });
    release();
    await expect(first).resolves.toMatchObject({ files: 2 });
  });

  it('turns a file that is not a bundle into an error the page can show', async () => {
    const { service } = setup();
    await expect(service.inspect({ path: '/data/support/x.zip' })).rejects.toMatchObject({ code: 'bundle_unreadable', message: expect.stringMatching(/not a support bundle/) });
  });
});
