import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridParts } from '../../../src/main/core/grid/grid-parts';
import type { HostLoop } from '../../../src/main/core/host/host-loop';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { buildGridHost, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();

describe.skipIf(!hasDocker)('the whole loop on one machine: local grid, host loop, real containers', () => {
  let dir: string;
  let grid: LocalGrid;
  let containers: Harness;
  let core: HostLoop;
  let services: GridParts;
  let image: string;
  const signer = makeTestSigner();

  beforeAll(async () => {
    image = await ensureTestImage();
    dir = mkdtempSync(join(tmpdir(), 'gridhost-loop-docker-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: { intervalMs: 200, image, durationSeconds: 2 } });
    containers = await createHarness();
    ({ host: core, grid: services } = buildGridHost({
      url: () => grid.url,
      signer,
      runner: containers.supervisor,
      dataDir: dir,
      loop: { waitMs: 1000, heartbeatMs: 500 },
      sharing: 'always',
    }));
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    await containers?.close();
    await grid?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a queued host receives the feeder\'s sample job, runs it in a container, and is paid for it', async () => {
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    await core.start();
    await until(() => services.ledger.list().entries.length >= 1, 'the first job to settle', 60_000);

    const [entry] = services.ledger.list().entries;
    expect(entry).toMatchObject({ market: 'cpu-dev', outcome: 'finished', exitCode: 0, pricePerSecond: 5 });
    expect(entry!.secondsRun).toBeGreaterThanOrEqual(2);
    expect(entry!.amount).toBe(5 * entry!.secondsPaid);

    const runs = snapshotDatabase(join(dir, 'grid.sqlite')).runs as { id: string; results_json: string | null }[];
    const results = JSON.parse(runs.find((r) => r.id === entry!.runId)!.results_json!) as { logTail: string; ops: unknown[] };
    expect(results.logTail).toContain('prompt: What is a GPU grid?');
    expect(results.logTail).toContain('completion:');
    expect(results.ops).toEqual([{ id: 'infer', exitCode: 0, status: 'success' }]);
    expect(containers.supervisor.running()).toEqual([]);
  }, 90_000);

  it('pausing mid-job stops the container and quits the job, paid for the seconds run', async () => {
    await until(() => core.getStatus().state === 'running', 'the next job to start', 30_000);
    await until(() => containers.supervisor.running().length === 1, 'its container', 30_000);
    await core.pause('The owner is back');
    expect(core.getStatus()).toMatchObject({ state: 'paused', reason: 'The owner is back' });
    expect(containers.supervisor.running()).toEqual([]);
    expect(services.ledger.list().entries[0]).toMatchObject({ outcome: 'quit', note: 'Quit: The owner is back.' });
  }, 60_000);
});
