import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { until } from '../../support/grid/grid-host';
import { dockerAvailable } from '../../support/requirements';
import { startDockerGridHost, type DockerGridHost } from './docker-grid-host';

const hasDocker = await dockerAvailable();

describe.skipIf(!hasDocker)('the whole loop on one machine: local grid, host loop, real containers', () => {
  let h: DockerGridHost;
  let image: string;

  beforeAll(async () => {
    image = await ensureTestImage();
    h = await startDockerGridHost({ intervalMs: 200, image, durationSeconds: 2 });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('a queued host receives the feeder\'s sample job, runs it in a container, and is paid for it', async () => {
    h.grid.transaction(() => h.grid.coordinator.enroll(h.signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    await h.core.start();
    await until(() => h.services.ledger.list().entries.length >= 1, 'the first job to settle', 60_000);

    const [entry] = h.services.ledger.list().entries;
    expect(entry).toMatchObject({ market: 'cpu-dev', outcome: 'finished', exitCode: 0, pricePerSecond: 5 });
    expect(entry!.secondsRun).toBeGreaterThanOrEqual(2);
    expect(entry!.amount).toBe(5 * entry!.secondsPaid);

    const runs = snapshotDatabase(join(h.dir, 'grid.sqlite')).runs as { id: string; results_json: string | null }[];
    const results = JSON.parse(runs.find((r) => r.id === entry!.runId)!.results_json!) as { logTail: string; ops: unknown[] };
    expect(results.logTail).toContain('prompt: What is a GPU grid?');
    expect(results.logTail).toContain('completion:');
    expect(results.ops).toEqual([{ id: 'infer', exitCode: 0, status: 'success' }]);
    expect(h.containers.supervisor.running()).toEqual([]);
  }, 90_000);

  it('pausing mid-job stops the container and quits the job, paid for the seconds run', async () => {
    await until(() => h.core.getStatus().state === 'running', 'the next job to start', 30_000);
    await until(() => h.containers.supervisor.running().length === 1, 'its container', 30_000);
    await h.core.pause('The owner is back');
    expect(h.core.getStatus()).toMatchObject({ state: 'paused', reason: 'The owner is back' });
    expect(h.containers.supervisor.running()).toEqual([]);
    expect(h.services.ledger.list().entries[0]).toMatchObject({ outcome: 'quit', note: 'Quit: The owner is back.' });
  }, 60_000);
});
