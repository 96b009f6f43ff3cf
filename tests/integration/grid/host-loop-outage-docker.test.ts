import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { sampleInferenceJob } from '../../../tools/local-grid/sample-job';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { buildGridHost, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';

const run = promisify(execFile);
const hasDocker = await dockerAvailable();

interface RunRow {
  id: string;
  state: string;
  fault: string | null;
  fail_reason: string | null;
  results_json: string | null;
}

describe.skipIf(!hasDocker)('the host loop through outages: local grid, real containers', () => {
  let dir: string;
  let grid: LocalGrid;
  let containers: Harness;
  const hosts: Array<ReturnType<typeof buildGridHost>> = [];
  const signer = makeTestSigner();
  const dbPath = () => join(dir, 'grid.sqlite');
  const runs = () => snapshotDatabase(dbPath()).runs as RunRow[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-outage-'));
    containers = await createHarness();
  });

  afterEach(async () => {
    for (const built of hosts.splice(0)) {
      await built.host.stop();
      built.stores.close();
    }
    await containers?.close();
    await grid?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A host sharing on the data folder `dir` (a second one after the first stopped is a restart: same database). */
  function host(loop: Parameters<typeof buildGridHost>[0]['loop'] = {}) {
    const built = buildGridHost({ url: () => grid.url, signer, runner: containers.supervisor, dataDir: dir, sharing: 'always', loop: { waitMs: 1000, heartbeatMs: 500, ...loop } });
    hosts.push(built);
    return built;
  }

  it('offline (the job image cannot be pulled): at most 3 failed jobs, then stopped with the reason, then recovers when the image is there', async () => {
    const busybox = await ensureTestImage();
    const missing = `gridhost-test/offline-${process.pid}-${Date.now()}:1`;
    grid = await startLocalGrid({ port: 0, dbPath: dbPath(), feeder: { intervalMs: 100, image: missing, durationSeconds: 1 } });
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    const { host: core, grid: parts } = host({ hostFaults: { limit: 3, retryMs: 3_000, maxRetryMs: 60_000 } });
    try {
      await core.start();
      await until(() => core.getStatus().state === 'error', 'the host to stop taking jobs', 60_000);
      expect(core.getStatus().reason).toMatch(/Docker cannot pull images: .*GridHost stopped taking jobs after 3 in a row could not start here, and tries again in 3 s\./);
      const failed = runs().filter((r) => r.state === 'failed');
      expect(failed).toHaveLength(3);
      expect(failed.every((r) => r.fault === 'host' && /Docker cannot pull images/.test(r.fail_reason ?? ''))).toBe(true);
      expect(runs().filter((r) => r.state !== 'failed')).toEqual([]);
      expect(grid.coordinator.markets().find((m) => m.slug === 'cpu-dev')?.queueLength).toBe(0);
      await parts.ledger.refresh();
      expect(parts.ledger.list().entries.map((e) => [e.outcome, e.amount])).toEqual([
        ['failed', 0],
        ['failed', 0],
        ['failed', 0],
      ]);

      // The image becomes available (as after the network comes back): the retry runs the next job to its end.
      await run('docker', ['tag', busybox, missing]);
      await until(() => parts.ledger.list().entries.some((e) => e.outcome === 'finished'), 'a job to finish after the retry', 60_000);
      expect(runs().filter((r) => r.state === 'failed')).toHaveLength(3);
      expect(parts.ledger.list().entries.find((e) => e.outcome === 'finished')).toMatchObject({ exitCode: 0, note: null });
    } finally {
      await run('docker', ['rmi', missing]).catch(() => undefined);
    }
  }, 120_000);

  it('the grid down when a job ends and the host stopped before it is back: the run still ends finished, with its results, paid its real seconds', async () => {
    const image = await ensureTestImage();
    grid = await startLocalGrid({ port: 0, dbPath: dbPath(), feeder: false });
    const port = Number(new URL(grid.url).port);
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    const first = host({ retryMs: 60_000 });
    await first.host.start();
    await until(() => first.host.getStatus().state === 'queued', 'queued');
    grid.transaction(() => grid.coordinator.postJob({ market: 'cpu-dev', definition: sampleInferenceJob({ image, durationSeconds: 3, gpu: false }) }));
    await until(() => containers.supervisor.running().length === 1, 'the container to start', 30_000);

    // The grid goes down while the job runs; the job ends while it is down.
    await grid.close();
    await until(() => first.host.getStatus().state === 'error', 'the finish to fail', 30_000);
    expect(await first.stores.runInFlight.load()).toBeNull();
    const pending = await first.stores.outbox.pending();
    expect(pending).toMatchObject([{ kind: 'finish' }]);
    const containerEnd = Date.parse((pending[0]!.body as { endedAt: string }).endedAt);
    await first.host.stop();
    first.stores.close();
    hosts.splice(hosts.indexOf(first), 1);
    // Down a while longer: paying to the message's arrival would pay this outage too.
    await new Promise((r) => setTimeout(r, 4_000));

    grid = await startLocalGrid({ port, dbPath: dbPath(), feeder: false });
    const deliveredAfter = Date.now();
    const second = host();
    await second.host.start();
    await until(() => second.grid.ledger.list().entries.length === 1, 'the finish to be delivered', 30_000);
    const [entry] = second.grid.ledger.list().entries;
    expect(entry).toMatchObject({ outcome: 'finished', exitCode: 0, note: null });
    // Paid to the container's end (its 3 s of work plus the start), not to the delivery 4 s and more later.
    expect(entry!.secondsRun).toBeGreaterThanOrEqual(3);
    expect(entry!.secondsRun).toBe(Math.floor((containerEnd - Date.parse(entry!.startedAt)) / 1000));
    expect(entry!.secondsRun).toBeLessThan(Math.floor((deliveredAfter - Date.parse(entry!.startedAt)) / 1000));
    expect(entry!.amount).toBe(entry!.pricePerSecond * entry!.secondsPaid);
    const [row] = runs();
    expect(row).toMatchObject({ state: 'finished' });
    expect(JSON.parse(row!.results_json!)).toMatchObject({ exitCode: 0, logTail: expect.stringContaining('completion:') });
    expect(await second.stores.outbox.pending()).toEqual([]);
    expect(containers.supervisor.running()).toEqual([]);
  }, 120_000);
});
