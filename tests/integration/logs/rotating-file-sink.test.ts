import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingFileSink } from '../../../src/main/adapters/logs/rotating-file-sink';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-sink-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function line(i: number): string {
  return JSON.stringify({ t: new Date(0).toISOString(), level: 'info', msg: 'tick', i, pad: 'x'.repeat(80) });
}

describe('RotatingFileSink', () => {
  it('writes queued lines in order on flush, appending to an existing file', async () => {
    await writeFile(join(dir, 'gridhost.log'), '{"t":"old","level":"info","msg":"before"}\n');
    const sink = new RotatingFileSink({ dir, maxFileBytes: 1024 * 1024, maxFiles: 3 });
    for (let i = 0; i < 100; i++) sink.write(line(i));
    await sink.close();
    const lines = (await readFile(join(dir, 'gridhost.log'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toContain('before');
    expect(lines.slice(1).map((l) => (JSON.parse(l) as { i: number }).i)).toEqual([...Array(100).keys()]);
  });

  it('does not write on the caller\'s turn: the file is untouched until the loop runs', async () => {
    const sink = new RotatingFileSink({ dir, maxFileBytes: 1024 * 1024, maxFiles: 3, flushIntervalMs: 10 });
    sink.write(line(1));
    expect(await readdir(dir)).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(await readFile(join(dir, 'gridhost.log'), 'utf8')).toContain('"i":1');
    await sink.close();
  });

  it('rotates by size and keeps at most maxFiles files, the newest lines in gridhost.log', async () => {
    const maxFileBytes = 4096;
    const sink = new RotatingFileSink({ dir, maxFileBytes, maxFiles: 3 });
    for (let i = 0; i < 500; i++) {
      sink.write(line(i));
      if (i % 50 === 0) await sink.flush();
    }
    await sink.close();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['gridhost.1.log', 'gridhost.2.log', 'gridhost.log']);
    for (const f of files) expect((await stat(join(dir, f))).size).toBeLessThanOrEqual(maxFileBytes);
    const index = (f: string) => (readFile(join(dir, f), 'utf8')).then((t) => t.trimEnd().split('\n').map((l) => (JSON.parse(l) as { i: number }).i));
    const [current, older, oldest] = await Promise.all(['gridhost.log', 'gridhost.1.log', 'gridhost.2.log'].map(index));
    expect(current!.at(-1)).toBe(499);
    // Consecutive and in order across the kept files: nothing lost between rotations.
    expect([...oldest!, ...older!, ...current!]).toEqual([...Array(oldest!.length + older!.length + current!.length).keys()].map((k) => k + oldest![0]!));
  });

  it('removes rotated files beyond a lowered maxFiles at the next rotation', async () => {
    for (let i = 1; i <= 5; i++) await writeFile(join(dir, `gridhost.${i}.log`), 'old\n');
    const sink = new RotatingFileSink({ dir, maxFileBytes: 2048, maxFiles: 6 });
    sink.setLimits(2048, 2);
    for (let i = 0; i < 40; i++) sink.write(line(i));
    await sink.close();
    expect((await readdir(dir)).sort()).toEqual(['gridhost.1.log', 'gridhost.log']);
  });

  it('counts and reports lines it had to drop when the disk refuses writes, then recovers', async () => {
    const errors: Error[] = [];
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'a file where the folder should be');
    const sink = new RotatingFileSink({ dir: join(blocked, 'logs'), maxFileBytes: 4096, maxFiles: 2, onWriteError: (e) => errors.push(e) });
    sink.write(line(1));
    sink.write(line(2));
    await sink.flush();
    expect(errors).toHaveLength(1);
    await rm(blocked);
    sink.write(line(3));
    await sink.close();
    const text = await readFile(join(blocked, 'logs', 'gridhost.log'), 'utf8');
    expect(text).toContain('"msg":"log lines dropped"');
    expect(text).toContain('"count":2');
    expect(text).toContain('"i":3');
  });

  it('drops and counts lines past the pending limit instead of growing memory', async () => {
    const sink = new RotatingFileSink({ dir, maxFileBytes: 10 * 1024 * 1024, maxFiles: 2, maxPendingBytes: 1000 });
    for (let i = 0; i < 100; i++) sink.write(line(i));
    await sink.close();
    const text = await readFile(join(dir, 'gridhost.log'), 'utf8');
    const dropped = /"count":(\d+)/.exec(text);
    expect(Number(dropped?.[1])).toBeGreaterThan(80);
  });
});
