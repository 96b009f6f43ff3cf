import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiDispatcher } from '../../../src/main/core/api/dispatcher';
import type { EnrollmentEvidence } from '../../../src/main/core/grid/ports';
import type { BenchmarkResult, DetectionReport } from '../../../src/shared/contract/gpu';
import type { ResponseBody } from '../../../src/shared/wire';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { buildGridHost, FakeOpRunner, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import type { HostLoop } from '../../../src/main/core/host/host-loop';

/** A machine without a GPU whose checks pass: the local grid places it in cpu-dev. */
const evidence: EnrollmentEvidence = {
  detection: async (): Promise<DetectionReport> => ({
    detectedAt: '2026-11-25T10:00:00.000Z',
    gpus: [],
    checks: [{ id: 'disk-free', title: 'Disk', status: 'pass', message: 'ok', fix: null }],
    eligible: false,
    nvidiaSmi: { state: 'not-found' } as unknown as DetectionReport['nvidiaSmi'],
    system: { cpu: { model: 'x', cores: 2, physicalCores: 2 }, ramBytes: 24 * 1024 ** 3, os: null, dataDir: '/d', diskFreeBytes: 80e9, laptop: false },
  }),
  benchmark: async (id): Promise<BenchmarkResult | null> =>
    id === 'missing'
      ? null
      : { id: 'b1', startedAt: '2026-11-25T10:00:00.000Z', finishedAt: '2026-11-25T10:01:00.000Z', outcome: 'partial', driverVersion: null, system: null, network: null, gpus: [], errors: [] },
};

describe('grid API requests through the dispatcher, against the real local grid', () => {
  let dir: string;
  let grid: LocalGrid;
  let core: HostLoop;
  let dispatcher: ApiDispatcher;
  let runner: FakeOpRunner;
  let events: string[];
  let gridUrl: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-grid-api-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false, sweepIntervalMs: 3_600_000 });
    gridUrl = grid.url;
    runner = new FakeOpRunner();
    const built = buildGridHost({ url: () => gridUrl, signer: makeTestSigner(), runner, evidence, dataDir: dir, loop: { waitMs: 200, heartbeatMs: 100 } });
    core = built.host;
    events = [];
    built.events.subscribe((event) => events.push(event));
    dispatcher = built.dispatcher;
    await core.start();
  });
  afterEach(async () => {
    await core.stop();
    await grid.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, params: unknown = {}): Promise<ResponseBody> => dispatcher.dispatch(method, params);
  const result = async <T>(method: string, params: unknown = {}): Promise<T> => {
    const body = await call(method, params);
    if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
    return body.result as T;
  };

  it('enrolls, shares, runs a job, pauses (quit, paid) and lists jobs and earnings', async () => {
    expect(core.getStatus().state).toBe('unenrolled');
    expect(await result('grid.snapshot')).toMatchObject({ gridUrl, enrollment: { status: 'unenrolled' }, termsVersion: '2026-01' });

    const stale = await call('grid.enroll', { acceptTerms: true, termsVersion: '2019-01', contactEmail: null, benchmarkId: null });
    expect(stale).toMatchObject({ ok: false, error: { code: 'terms_outdated' } });
    const missing = await call('grid.enroll', { acceptTerms: true, termsVersion: '2026-01', benchmarkId: 'missing' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'benchmark_missing' } });
    const notAccepted = await call('grid.enroll', { acceptTerms: false, termsVersion: '2026-01' });
    expect(notAccepted).toMatchObject({ ok: false, error: { code: 'invalid_params' } });

    const enrolled = await result<{ enrollment: { status: string; market: string } }>('grid.enroll', {
      acceptTerms: true,
      termsVersion: '2026-01',
      contactEmail: 'owner@example.com',
    });
    expect(enrolled.enrollment).toMatchObject({ status: 'onboarded', market: 'cpu-dev' });
    expect(core.getStatus()).toMatchObject({ state: 'ready', market: 'cpu-dev' });

    await result('grid.sharing.start');
    await until(() => core.getStatus().state === 'queued', 'queued');
    expect((await result<{ queue: { position: number } }>('grid.snapshot')).queue).toMatchObject({ queued: true, position: 1 });

    const job = grid.transaction(() => grid.coordinator.postJob({ market: 'cpu-dev', definition: { version: '0.1', type: 'container', ops: [{ type: 'container/run', id: 'run', args: { image: 'gridhost-test/busybox:latest', cmd: 'sleep 60' } }] } }));
    await until(() => runner.started.length === 1, 'the job to start');
    expect(runner.started[0]).toMatchObject({ cmd: ['/bin/sh', '-c', 'sleep 60'], gpus: 'none' });
    expect(await result('jobs.list')).toMatchObject({ current: { jobId: job.id, market: 'cpu-dev', pricePerSecond: '5' }, history: [] });

    await new Promise((r) => setTimeout(r, 1100));
    await result('grid.sharing.pause');
    expect(core.getStatus()).toMatchObject({ state: 'paused', reason: 'You paused sharing.' });
    const jobs = await result<{ current: unknown; history: { outcome: string; gross: string; secondsRun: number }[] }>('jobs.list');
    expect(jobs.current).toBeNull();
    expect(jobs.history[0]).toMatchObject({ outcome: 'quit' });
    expect(BigInt(jobs.history[0]!.gross)).toBe(5n * BigInt(jobs.history[0]!.secondsRun));

    const earnings = await result<{ totals: { pending: string }; problem: null }>('earnings.list');
    expect(earnings).toMatchObject({ problem: null, totals: { pending: jobs.history[0]!.gross, settled: '0' } });
    expect(events).toEqual(expect.arrayContaining(['grid.changed', 'jobs.changed', 'earnings.changed', 'host.state']));

    // Resuming goes back through preflight and into the queue.
    await result('grid.sharing.start');
    await until(() => core.getStatus().state === 'queued', 'queued again');
  });

  it('asks the new grid at once when the grid address changes in Settings', async () => {
    await result('grid.enroll', { acceptTerms: true, termsVersion: '2026-01' });
    expect(core.getStatus().state).toBe('ready');
    const other = await startLocalGrid({ port: 0, dbPath: join(dir, 'other.sqlite'), feeder: false });
    try {
      gridUrl = other.url;
      await result('settings.update', { grid: { url: other.url } });
      await until(() => core.getStatus().state === 'unenrolled', 'the new grid to be asked');
      expect(await result('grid.snapshot')).toMatchObject({ gridUrl: other.url, enrollment: { status: 'unenrolled' } });
    } finally {
      await other.close();
    }
  });

  it('refuses to start sharing before enrollment, with what to do', async () => {
    expect(await call('grid.sharing.start')).toMatchObject({ ok: false, error: { code: 'not_onboarded', message: expect.stringMatching(/enroll/) } });
  });

  it('shows the last known earnings, and says why, when the grid is down', async () => {
    await grid.close();
    const body = await result<{ problem: string; entries: unknown[] }>('earnings.list');
    expect(body.entries).toEqual([]);
    expect(body.problem).toMatch(/not answering.*last known figures/);
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
    const refused = await call('grid.refresh');
    expect(refused).toMatchObject({ ok: false, error: { code: 'grid_unavailable' } });
  });
});
