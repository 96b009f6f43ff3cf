import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIdOf, LABEL_HOST } from '../../../src/main/core/containers/container-names';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { connectDashboard } from '../../support/dashboard-client';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { dockerAvailable } from '../../support/requirements';

const exec = promisify(execFile);
const hasDocker = await dockerAvailable();
const KILLS = 20;

interface GridRun {
  id: string;
  address: string;
  state: string;
}
interface GridEarning {
  run_id: string;
  address: string;
  outcome: string;
  seconds_paid: number;
  amount: number;
}
interface LedgerRow {
  run_id: string;
  outcome: string;
  seconds_paid: number;
  amount: number;
}

/**
 * The worst ordinary day of a rig: the host process is killed (`kill -9`, a power cut's worth of warning) while
 * a job's container runs, twenty times in a row, each time started again by hand. Nothing may be lost or paid
 * twice: no container is left behind, every run the grid handed out ends exactly once (never left to expire),
 * and the host's ledger says what the grid says, row for row.
 */
describe.skipIf(!hasDocker)('kill -9 of the host mid-job, twenty times in a row (built CLI, real Docker, local grid)', () => {
  let home: string;
  let grid: LocalGrid;
  let host: HeadlessProcess | null = null;
  let address: string;

  const ourContainers = async (all = false) => {
    const { stdout } = await exec('docker', ['ps', ...(all ? ['-a'] : []), '-q', '--filter', `label=${LABEL_HOST}=${hostIdOf(home)}`]);
    return stdout.split('\n').filter((line) => line.trim() !== '');
  };
  const gridRuns = () => (snapshotDatabase(join(home, 'grid.sqlite')).runs as GridRun[]).filter((r) => r.address === address);
  const start = async () => {
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    return host;
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-crash-'));
    const image = await ensureTestImage();
    // Long jobs, posted often: there is always one to be killed in the middle of.
    grid = await startLocalGrid({ port: 0, dbPath: join(home, 'grid.sqlite'), feeder: { intervalMs: 500, image, durationSeconds: 60 }, sweepIntervalMs: 3_600_000 });
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: grid.url }, sharing: { mode: 'always' } }));
  }, 60_000);

  afterAll(async () => {
    await host?.stop();
    for (const id of await ourContainers(true).catch(() => [])) await exec('docker', ['rm', '-f', id]).catch(() => undefined);
    await grid?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('leaves no container, ends every run once on the grid, and keeps the ledger equal to the grid\'s', async () => {
    const first = await start();
    // The node key is made in the first preflight, after the dashboard is up.
    await expect.poll(() => readFile(join(home, 'node-key.json'), 'utf8').then(() => true, () => false), { timeout: 20_000, interval: 100 }).toBe(true);
    ({ address } = JSON.parse(await readFile(join(home, 'node-key.json'), 'utf8')) as { address: string });
    grid.transaction(() => grid.coordinator.enroll(address, enrollmentWith(passingBenchmark({ gpu: null }))));
    expect(await (await connectDashboard(first.origin, first.token)).call('grid.refresh')).toMatchObject({ ok: true });

    for (let kill = 1; kill <= KILLS; kill++) {
      // A job's container is running (a new run each time: the one killed before is closed at the restart).
      const before = gridRuns().length;
      await expect.poll(async () => gridRuns().length > before && (await ourContainers()).length > 0, { timeout: 90_000, interval: 100 }).toBe(true);
      expect(await host!.stop('SIGKILL')).toBeNull();
      await start();
    }

    // The last session settles down, then stops cleanly (its job quit with the grid, its containers removed).
    await expect.poll(() => gridRuns().filter((r) => r.state === 'running').length, { timeout: 30_000, interval: 100 }).toBeLessThanOrEqual(1);
    expect(await host!.stop('SIGTERM')).toBe(0);
    host = null;

    expect(await ourContainers(true)).toEqual([]);
    const runs = gridRuns();
    expect(runs.length).toBeGreaterThanOrEqual(KILLS);
    // Every run ended by the host itself (quit at the restart, or at the clean stop): none left running, none expired.
    expect(runs.filter((r) => r.state === 'running' || r.state === 'expired')).toEqual([]);

    const earnings = (snapshotDatabase(join(home, 'grid.sqlite')).earnings as GridEarning[]).filter((e) => e.address === address);
    expect(earnings.map((e) => e.run_id).sort()).toEqual(runs.map((r) => r.id).sort());
    const db = new Database(join(home, 'gridhost.sqlite'), { readonly: true });
    try {
      const ledger = db.prepare('SELECT run_id, outcome, seconds_paid, amount FROM ledger ORDER BY run_id').all() as LedgerRow[];
      const grids = earnings.map(({ run_id, outcome, seconds_paid, amount }) => ({ run_id, outcome, seconds_paid, amount }));
      expect(ledger).toEqual(grids.sort((a, b) => a.run_id.localeCompare(b.run_id)));
    } finally {
      db.close();
    }
  }, 1_800_000);
});
