import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OpRunner } from '../src/main/core/jobs/ports';
import type { JobDefinition } from '../src/main/core/jobs/job-definition';
import { startLocalGrid } from '../tools/local-grid/local-grid';
import { ensureTestImage } from '../tests/support/docker-images';
import { enrollmentWith, passingBenchmark } from '../tests/support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../tests/support/grid/database-snapshot';
import { buildGridHost, until } from '../tests/support/grid/grid-host';
import { makeTestSigner } from '../tests/support/grid/test-node-signer';
import { benchSupervisor } from './support/bench-supervisor';
import { table } from './support/proc-sampler';

const exec = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_JOB_ROUNDS ?? 5);
/** What GridHost may add to a container's own start and end, each way (ms). */
const TARGET_OVERHEAD_MS = 300;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The supervisor, with the moments the host's job run reached it: op running, op exited. */
function timingRunner(inner: OpRunner, marks: Map<string, { runningAt?: number; exitedAt?: number }>): OpRunner {
  return {
    run: async (spec) => {
      const started = await inner.run(spec);
      const mark = { runningAt: Date.now() } as { runningAt?: number; exitedAt?: number };
      marks.set(spec.jobId, mark);
      void started.exited.then(() => (mark.exitedAt = Date.now()));
      return started;
    },
    stop: (jobId, opId) => inner.stop(jobId, opId),
    logs: (jobId, opId, n) => inner.logs(jobId, opId, n),
    createJobVolume: (jobId, name) => inner.createJobVolume(jobId, name),
    removeJobVolume: (name) => inner.removeJobVolume(name),
    removeJobNetwork: (jobId) => inner.removeJobNetwork(jobId),
  };
}

/**
 * Job overhead: from the grid assigning a job to its container running, and from the container's exit to the
 * grid's acknowledgement of the finish (the host's ledger records it then), through the local grid, the host
 * loop and the real supervisor; beside a direct `docker run` of the same image in the same run (its start until
 * running, and its exit until removed).
 */
export async function run(): Promise<boolean> {
  const image = await ensureTestImage();
  const dir = mkdtempSync(join(tmpdir(), 'gridhost-bench-job-'));
  const dbPath = join(dir, 'grid.sqlite');
  const grid = await startLocalGrid({ port: 0, dbPath, feeder: false });
  const bench = await benchSupervisor('bench-jobs', 16 * 1024 * 1024);
  const marks = new Map<string, { runningAt?: number; exitedAt?: number }>();
  const signer = makeTestSigner();
  const { host, grid: parts } = buildGridHost({
    url: () => grid.url,
    signer,
    runner: timingRunner(bench.supervisor, marks),
    dataDir: dir,
    loop: { waitMs: 1000, heartbeatMs: 500 },
    sharing: 'always',
  });
  const assigned: number[] = [];
  const acknowledged: number[] = [];
  const directStart: number[] = [];
  const directEnd: number[] = [];
  try {
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    await host.start();
    const definition: JobDefinition = { version: '0.1', type: 'container', ops: [{ type: 'container/run', id: 'job', args: { image, cmd: ['sleep', '1'] } }] };
    for (let i = 0; i < ROUNDS; i++) {
      const job = grid.transaction(() => grid.coordinator.postJob({ market: 'cpu-dev', definition }));
      await until(() => parts.ledger.list().entries.length > i, `job ${i} to be acknowledged`, 60_000);
      const ackAt = Date.now();
      const runRow = (snapshotDatabase(dbPath).runs as { job_id: string; started_at: number }[]).find((r) => r.job_id === job.id)!;
      const mark = marks.get(job.id)!;
      assigned.push(mark.runningAt! - runRow.started_at);
      acknowledged.push(ackAt - mark.exitedAt!);

      const name = `gridhost-bench-direct-${i}`;
      const t0 = Date.now();
      await exec('docker', ['run', '-d', '--name', name, image, 'sleep', '1']);
      directStart.push(Date.now() - t0);
      await exec('docker', ['wait', name]);
      const t1 = Date.now();
      await exec('docker', ['rm', '-v', name]);
      directEnd.push(Date.now() - t1);
    }
  } finally {
    await host.stop();
    await bench.close();
    await grid.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const overhead = { start: median(assigned) - median(directStart), end: median(acknowledged) - median(directEnd) };
  console.log(
    table([
      { measure: `assigned to running, median of ${ROUNDS} (ms)`, gridhost: median(assigned), direct: `${median(directStart)} (docker run -d)`, added: overhead.start },
      { measure: `exit to finish acknowledged, median of ${ROUNDS} (ms)`, gridhost: median(acknowledged), direct: `${median(directEnd)} (docker rm after exit)`, added: overhead.end },
    ]),
  );
  const met = overhead.start < TARGET_OVERHEAD_MS && overhead.end < TARGET_OVERHEAD_MS;
  console.log(`added ${overhead.start} ms to start and ${overhead.end} ms to end (target under ${TARGET_OVERHEAD_MS} ms each): ${met ? 'MET' : 'NOT MET'}`);
  return met;
}

if (process.argv[1]?.endsWith('job-overhead.ts')) void run().then((met) => (process.exitCode = met ? 0 : 1));
