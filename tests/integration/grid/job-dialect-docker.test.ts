import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridParts } from '../../../src/main/core/grid/grid-parts';
import type { HostLoop } from '../../../src/main/core/host/host-loop';
import type { JobDefinition } from '../../../src/main/core/jobs/job-definition';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { buildGridHost, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();
const run = promisify(execFile);

/** A Nosana v0.1 job: a volume made for it, a writer, then a reader that depends on it; results extracted. */
function dialectJob(image: string): JobDefinition {
  return {
    version: '0.1',
    type: 'container',
    meta: { trigger: 'test' },
    ops: [
      { type: 'container/create-volume', id: 'scratch', args: { name: 'scratch' } },
      {
        type: 'container/run',
        id: 'write',
        args: { image, cmd: 'echo "the answer is 42" > /data/answer.txt; echo "tokens/s: 117"; echo "ERROR disk slow" >&2', volumes: [{ name: 'scratch', dest: '/data' }] },
        results: { tps: 'tokens/s: ([0-9]+)', errors: { regex: 'ERROR (.*)', logType: ['stderr'] }, none: { regex: 'tokens', logType: ['stderr'] } },
      },
      {
        type: 'container/run',
        id: 'read',
        args: { image, cmd: 'echo "read: $(cat /data/answer.txt) at %%ops.write.results.tps%% tokens/s"', volumes: [{ name: 'scratch', dest: '/data' }] },
        execution: { depends_on: ['write'] },
      },
      { type: 'container/run', id: 'last', args: { image, cmd: 'echo last' }, execution: { depends_on: ['read'] } },
    ],
  };
}

describe.skipIf(!hasDocker)('the Nosana dialect end to end: local grid, host loop, real containers', () => {
  let dir: string;
  let grid: LocalGrid;
  let containers: Harness;
  let core: HostLoop;
  let services: GridParts;
  let image: string;
  const signer = makeTestSigner();

  beforeAll(async () => {
    image = await ensureTestImage();
    dir = mkdtempSync(join(tmpdir(), 'gridhost-dialect-docker-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
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

  it('runs a depends_on chain over a shared create-volume, extracts results into the finish, and removes the volume', async () => {
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    const job = grid.transaction(() => grid.coordinator.postJob({ market: 'cpu-dev', definition: dialectJob(image) }));
    await core.start();
    await until(() => services.ledger.list().entries.length >= 1, 'the job to settle', 90_000);

    const [entry] = services.ledger.list().entries;
    expect(entry).toMatchObject({ market: 'cpu-dev', outcome: 'finished', exitCode: 0 });
    const runs = snapshotDatabase(join(dir, 'grid.sqlite')).runs as { id: string; job_id: string; results_json: string | null }[];
    const results = JSON.parse(runs.find((r) => r.job_id === job.id)!.results_json!) as {
      logTail: string;
      ops: { id: string; status: string }[];
      results: Record<string, Record<string, string[]>>;
    };
    // The chain ran in order, each op once the one it depends on had exited 0.
    expect(results.ops).toEqual([
      { id: 'scratch', exitCode: 0, status: 'success' },
      { id: 'write', exitCode: 0, status: 'success' },
      { id: 'read', exitCode: 0, status: 'success' },
      { id: 'last', exitCode: 0, status: 'success' },
    ]);
    // The reader saw what the writer left on the shared volume, and the writer's result through the literal.
    expect(results.logTail).toContain('read: the answer is 42 at 117 tokens/s');
    // Results by log type: stdout only, stderr only, and a pattern whose log type has no match.
    expect(results.results).toEqual({ write: { tps: ['117'], errors: ['disk slow'], none: [] } });
    // The job's volume is gone once it ended.
    const { stdout } = await run('docker', ['volume', 'ls', '-q', '--filter', `name=gridhost-job-${job.id}`]);
    expect(stdout.trim()).toBe('');
    expect(containers.supervisor.running()).toEqual([]);
  }, 120_000);
});
