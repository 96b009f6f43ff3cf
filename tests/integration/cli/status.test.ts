import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { GRIDHOST_BIN } from '../../support/headless-process';

function gridhost(home: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GRIDHOST_BIN, ...args], { env: { ...process.env, GRIDHOST_HOME: home } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('gridhost status (built CLI, real local grid)', () => {
  let home: string;
  let grid: LocalGrid;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-status-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(home, 'grid.sqlite'), feeder: false });
  });

  afterAll(async () => {
    await grid?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('says the grid is not answering when it is down, and exits 0', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: 'http://127.0.0.1:9' } }));
    const { code, out } = await gridhost(home, ['status']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Host: not enrolled/m);
    expect(out).toMatch(/Why: .*not answering/);
  }, 60_000);

  it('asks the grid, and prints the host status as JSON', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: grid.url } }));
    const { code, out } = await gridhost(home, ['status', '--json']);
    expect(code).toBe(0);
    const status = JSON.parse(out) as Record<string, unknown>;
    expect(status).toMatchObject({ state: 'unenrolled', gridUrl: grid.url, job: null });
    expect(status.reason).toMatch(/not enrolled/);
    expect(status.reason).not.toMatch(/not answering/);
  }, 60_000);
});
