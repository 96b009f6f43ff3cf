import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLogFolder } from '../../../src/main/adapters/logs/log-folder';
import { RecentLogs } from '../../../src/main/core/logs/recent-logs';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-recent-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const levels = ['debug', 'info', 'warn', 'error'] as const;
function lines(from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    out.push(JSON.stringify({ t: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), level: levels[i % 4], msg: `event ${i}`, component: i % 10 === 0 ? 'grid' : 'host' }));
  }
  return `${out.join('\n')}\n`;
}

describe('RecentLogs', () => {
  it('returns the newest matching lines, oldest first, across rotated files', async () => {
    await writeFile(join(dir, 'gridhost.1.log'), lines(0, 5000));
    await writeFile(join(dir, 'gridhost.log'), lines(5000, 5010));
    const result = await new RecentLogs(new FileLogFolder(dir)).query({ level: 'debug', limit: 30 });
    expect(result.lines.map((l) => l.msg)).toEqual(Array.from({ length: 30 }, (_, k) => `event ${4980 + k}`));
    expect(result.more).toBe(true);
  });

  it('filters by level and by text in any field, case-insensitively', async () => {
    await writeFile(join(dir, 'gridhost.log'), lines(0, 2000));
    const recent = new RecentLogs(new FileLogFolder(dir));
    const errors = await recent.query({ level: 'error', limit: 5 });
    expect(errors.lines.map((l) => l.level)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(errors.lines.at(-1)?.msg).toBe('event 1999');
    const grid = await recent.query({ level: 'debug', search: 'GRID', limit: 1000 });
    expect(grid.lines).toHaveLength(200);
    expect(grid.more).toBe(false);
  });

  it('reads lines that straddle its read blocks whole, and skips corrupt lines', async () => {
    const long = JSON.stringify({ t: '2026-01-01T00:00:00.000Z', level: 'info', msg: 'long', pad: 'y'.repeat(600_000) });
    await writeFile(join(dir, 'gridhost.log'), `${long}\nnot json\n${lines(0, 3)}`);
    const result = await new RecentLogs(new FileLogFolder(dir)).query({ level: 'debug', limit: 10 });
    expect(result.lines.map((l) => l.msg)).toEqual(['long', 'event 0', 'event 1', 'event 2']);
    expect(result.lines[0]?.pad).toHaveLength(600_000);
  });

  it('is empty, not an error, when there are no logs yet', async () => {
    const result = await new RecentLogs(new FileLogFolder(join(dir, 'missing'))).query({ level: 'info', limit: 10 });
    expect(result).toEqual({ lines: [], more: false });
  });
});
