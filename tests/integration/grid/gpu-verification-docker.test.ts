import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GridParts } from '../../../src/main/core/grid/grid-parts';
import { GRID_TERMS_VERSION, type BenchmarkReport } from '../../../src/main/core/grid/protocol';
import type { HostLoop } from '../../../src/main/core/host/host-loop';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { buildBenchmarkStandIn } from '../benchmark/stand-in-image';
import { passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { buildGridHost, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();

describe.skipIf(!hasDocker)('GPU verification through the normal job path: the local grid, the host loop, the benchmark in Docker', () => {
  let dir: string;
  let grid: LocalGrid;
  let containers: Harness;
  let host: { core: HostLoop; services: GridParts } | null = null;

  beforeAll(async () => {
    // The benchmark stand-in prints an RTX 3060's recorded benchmark: the GPU inside this "machine".
    const image = await buildBenchmarkStandIn('rtx-3060');
    dir = mkdtempSync(join(tmpdir(), 'gridhost-verify-docker-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false, verification: { image, gpu: false } });
    containers = await createHarness();
  }, 180_000);

  afterEach(async () => {
    await host?.core.stop();
    host = null;
  });

  afterAll(async () => {
    await containers?.close();
    await grid?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A host that enrolls with `benchmark` (as the Test Grid page does) while it is running. */
  async function enrollHost(benchmark: BenchmarkReport): Promise<{ core: HostLoop; services: GridParts }> {
    const { host: core, grid: services } = buildGridHost({
      url: () => grid.url,
      signer: makeTestSigner(),
      runner: containers.supervisor,
      dataDir: dir,
      loop: { waitMs: 1000, heartbeatMs: 500 },
    });
    host = { core, services };
    await core.start();
    const status = await services.enrollment.enroll({ termsVersion: GRID_TERMS_VERSION, contactEmail: null, benchmark });
    expect(status).toMatchObject({ status: 'waitlisted', reason: expect.stringMatching(/^Verifying your GPU/), verification: expect.anything() });
    core.applyEnrollment(status);
    expect(core.getStatus()).toMatchObject({ state: 'waitlisted', reason: expect.stringMatching(/^Verifying your GPU/) });
    return host;
  }

  it('a host with the RTX 3060 it reported runs the benchmark job as a job, and is onboarded in nvidia-3060', async () => {
    const { core, services } = await enrollHost(passingBenchmark());
    await until(() => core.getStatus().state === 'ready', 'the host to be onboarded after its verification job', 60_000);
    expect(core.getStatus()).toMatchObject({ market: 'nvidia-3060', reason: null });

    const [entry] = services.ledger.list().entries;
    expect(entry).toMatchObject({ market: 'nvidia-3060', outcome: 'finished', exitCode: 0, amount: 0 });
    const runs = snapshotDatabase(join(dir, 'grid.sqlite')).runs as { id: string; results_json: string | null }[];
    const results = JSON.parse(runs.find((r) => r.id === entry!.runId)!.results_json!) as { logTail: string; ops: unknown[] };
    expect(results.logTail).toContain('"event":"device"');
    expect(results.ops).toEqual([{ id: 'verify-gpu', exitCode: 0, status: 'success' }]);
    expect(containers.supervisor.running()).toEqual([]);
  }, 90_000);

  it('a host that claimed an RTX 4090 but has an RTX 3060 is rejected, and told why', async () => {
    const { core } = await enrollHost(
      passingBenchmark({
        gpu: { name: 'NVIDIA GeForce RTX 4090', catalogueId: 'rtx-4090', market: 'nvidia-4090', vramMiB: 24564, driverVersion: '550.54.14', cudaVersion: '12.4', containerCheck: 'passed' },
      }),
    );
    await until(() => /^Rejected/.test(core.getStatus().reason ?? ''), 'the verdict on the verification job', 60_000);
    expect(core.getStatus()).toMatchObject({ state: 'waitlisted', reason: expect.stringMatching(/measured NVIDIA GeForce RTX 3060 \(11\.6 GiB\), not the NVIDIA GeForce RTX 4090/) });
  }, 90_000);
});
