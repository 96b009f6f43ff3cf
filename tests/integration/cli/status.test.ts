import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { runGridhost } from '../../support/headless-process';

const gridhost = runGridhost;

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

  it('runs the same readiness checks as detect and agrees with it, naming each failing one with its fix', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: grid.url } }));
    const status = JSON.parse((await gridhost(home, ['status', '--json'])).out) as { eligible: boolean; checks: Array<{ id: string; status: string }> };
    const detect = JSON.parse((await gridhost(home, ['detect', '--json'])).out) as { eligible: boolean; checks: Array<{ id: string; status: string }> };
    expect(status.eligible).toBe(detect.eligible);
    expect(status.checks.map((c) => [c.id, c.status])).toEqual(detect.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status]));
    const text = await gridhost(home, ['status']);
    for (const check of status.checks) expect(text.out).toContain(check.status === 'fail' ? '[FAIL]' : '[warn]');
    expect(text.out).toMatch(/^Checks \(\d+ of \d+ passed; `gridhost detect` shows them all\):$/m);
  }, 120_000);

  it('says plainly when the Docker engine cannot be reached', async () => {
    const { code, out } = await gridhost(home, ['status'], { DOCKER_HOST: `unix://${join(home, 'no-docker.sock')}` });
    expect(code).toBe(0);
    expect(out).toMatch(/\[FAIL\] Docker engine: /);
  }, 120_000);

  it('enroll on an enrolled machine says so, with its status and market, and exits 0', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: grid.url } }));
    const { address } = JSON.parse(await readFile(join(home, 'node-key.json'), 'utf8')) as { address: string };
    grid.transaction(() => grid.coordinator.enroll(address, enrollmentWith(passingBenchmark({ gpu: null }))));
    const { code, out } = await gridhost(home, ['enroll']);
    expect(code).toBe(0);
    expect(out).toContain('This machine is already enrolled; nothing was sent.');
    expect(out).toMatch(/^Status: onboarded in market cpu-dev\./m);
  }, 60_000);
});
