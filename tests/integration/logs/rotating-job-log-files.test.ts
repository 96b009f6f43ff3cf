import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingJobLogFiles } from '../../../src/main/adapters/logs/rotating-job-log-files';

describe('RotatingJobLogFiles (real files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridhost-joblogs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the newest output in at most two halves of the cap', async () => {
    const files = new RotatingJobLogFiles(join(dir, 'jobs'), 1000);
    const writer = await files.open('job-1', 'run');
    let all = '';
    for (let i = 0; i < 200; i += 1) {
      const line = `line ${String(i).padStart(4, '0')}\n`;
      all += line;
      await writer.write(Buffer.from(line));
    }
    await writer.write(Buffer.from('x'.repeat(2500)));
    all += 'x'.repeat(2500);
    await writer.close();
    const current = files.pathOf('job-1', 'run');
    const previous = current.replace(/\.log$/, '.1.log');
    const sizes = [(await stat(current)).size, (await stat(previous)).size];
    expect(sizes[0]! + sizes[1]!).toBeLessThanOrEqual(1000);
    const kept = (await readFile(previous, 'utf8')) + (await readFile(current, 'utf8'));
    expect(all.endsWith(kept)).toBe(true);
    expect(kept.length).toBeGreaterThan(500);
  });

  it('appends to an existing file of the same op and names files after the container', async () => {
    const files = new RotatingJobLogFiles(dir, 1 << 20);
    for (const text of ['first\n', 'second\n']) {
      const w = await files.open('Job.A', 'op/1');
      await w.write(Buffer.from(text));
      await w.close();
    }
    expect(files.pathOf('Job.A', 'op/1')).toMatch(/gridhost-job\.a-[0-9a-f]{8}-op-1-[0-9a-f]{8}\.log$/);
    expect(await readFile(files.pathOf('Job.A', 'op/1'), 'utf8')).toBe('first\nsecond\n');
  });
});
