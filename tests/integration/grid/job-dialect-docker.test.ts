import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDefinition } from '../../../src/main/core/jobs/job-definition';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { until } from '../../support/grid/grid-host';
import { dockerAvailable } from '../../support/requirements';
import { startDockerGridHost, type DockerGridHost } from './docker-grid-host';

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
  let h: DockerGridHost;
  let image: string;

  beforeAll(async () => {
    image = await ensureTestImage();
    h = await startDockerGridHost(false);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('runs a depends_on chain over a shared create-volume, extracts results into the finish, and removes the volume', async () => {
    h.grid.transaction(() => h.grid.coordinator.enroll(h.signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    const job = h.grid.transaction(() => h.grid.coordinator.postJob({ market: 'cpu-dev', definition: dialectJob(image) }));
    await h.core.start();
    await until(() => h.services.ledger.list().entries.length >= 1, 'the job to settle', 90_000);

    const [entry] = h.services.ledger.list().entries;
    expect(entry).toMatchObject({ market: 'cpu-dev', outcome: 'finished', exitCode: 0 });
    const runs = snapshotDatabase(join(h.dir, 'grid.sqlite')).runs as { id: string; job_id: string; results_json: string | null }[];
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
    expect(h.containers.supervisor.running()).toEqual([]);
  }, 120_000);
});
