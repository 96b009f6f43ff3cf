import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GridError } from '../../../src/main/core/grid/grid-error';
import { sampleInferenceJob } from '../../../tools/local-grid/sample-job';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { enrollVerifiedOverHttp } from '../../support/grid/verified-enrollment';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { startGridHarness, type GridHarness } from './grid-harness';

const run = promisify(execFile);
const results = { exitCode: 0, durationMs: 1000, logTail: 'completion: ok', ops: [{ id: 'infer', exitCode: 0, status: 'success' as const }] };
const job = sampleInferenceJob({ image: 'gridhost-test/busybox:latest', durationSeconds: 1, gpu: true });

describe('local grid: the whole loop over HTTP with the real client', () => {
  let h: GridHarness;
  beforeEach(async () => {
    h = await startGridHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('enrolls, queues, hands out a job, takes the finish and shows the earning', async () => {
    const client = h.client();
    const markets = await client.markets();
    expect(markets.map((m) => m.slug)).toEqual(expect.arrayContaining(['nvidia-3060', 'nvidia-laptop', 'nvidia-h100', 'cpu-dev']));

    // Onboarded once the grid's GPU verification job measured the RTX 3060 the enrollment reported.
    expect(await client.enroll(enrollmentWith())).toMatchObject({ status: 'waitlisted', market: 'nvidia-3060', verification: expect.anything() });
    const status = await enrollVerifiedOverHttp(client);
    expect(status).toMatchObject({ status: 'onboarded', market: 'nvidia-3060', reason: null });
    expect(await client.nodeStatus()).toMatchObject({ status: 'onboarded' });

    expect(await client.joinQueue()).toEqual({ market: 'nvidia-3060', queued: true, position: 1, queueLength: 1 });
    const posted = h.grid.transaction(() => h.grid.coordinator.postJob({ market: 'nvidia-3060', definition: job, pricePerSecond: 40 }));

    const next = await client.nextJob(1000);
    expect(next.assignment?.job).toMatchObject({ id: posted.id, pricePerSecond: 40, definition: job });
    expect(next.queue.queued).toBe(false);
    const runId = next.assignment!.run.id;
    expect(await client.job(posted.id)).toMatchObject({ id: posted.id });

    h.clock.advance(60_000);
    expect((await client.heartbeat(runId, { phase: 'running' })).state).toBe('running');
    h.clock.advance(50_000);
    await client.heartbeat(runId, { phase: 'running' });
    h.clock.advance(24_500);
    const closed = await client.finish(runId, results);
    expect(closed.repeated).toBe(false);
    expect(closed.earning).toMatchObject({ outcome: 'finished', secondsRun: 134, secondsPaid: 134, amount: 40 * 134, status: 'pending' });

    const earnings = await client.earnings();
    // The job, and the unpaid verification job before it.
    expect(earnings.items.map((e) => [e.jobId, e.amount])).toEqual([[posted.id, 5360], [expect.any(String), 0]]);
    expect(earnings.totals).toEqual({ pending: 5360, settled: 0 });

    h.clock.advance(61_000);
    h.grid.transaction(() => h.grid.coordinator.sweep());
    expect((await client.earnings()).totals).toEqual({ pending: 0, settled: 5360 });
    expect((await client.run(runId)).state).toBe('finished');
  });

  it('wakes a waiting long poll as soon as a job is posted', async () => {
    const client = h.client();
    await enrollVerifiedOverHttp(client);
    await client.joinQueue();
    const started = Date.now();
    const waiting = client.nextJob(10_000);
    setTimeout(() => h.grid.transaction(() => h.grid.coordinator.postJob({ market: 'nvidia-3060', definition: job })), 150);
    const next = await waiting;
    expect(next.assignment).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers a long poll with no job after the wait, and keeps the node queued', async () => {
    const client = h.client();
    await enrollVerifiedOverHttp(client);
    await client.joinQueue();
    const next = await client.nextJob(100);
    expect(next).toEqual({ assignment: null, queue: { market: 'nvidia-3060', queued: true, position: 1, queueLength: 1 } });
  });

  it('serves the queue first come, first served and reports positions', async () => {
    const [a, b] = [h.client(), h.client()];
    await enrollVerifiedOverHttp(a);
    await enrollVerifiedOverHttp(b);
    await a.joinQueue();
    expect((await b.joinQueue()).position).toBe(2);
    h.grid.transaction(() => h.grid.coordinator.postJob({ market: 'nvidia-3060', definition: job }));
    expect((await a.nextJob(0)).assignment).not.toBeNull();
    expect(await b.queueStatus()).toMatchObject({ queued: true, position: 1, queueLength: 1 });
    await b.leaveQueue();
    expect(await b.queueStatus()).toMatchObject({ queued: false, position: null });
  });

  it('places a machine without a GPU in cpu-dev', async () => {
    const client = h.client();
    expect(await client.enroll(enrollmentWith(passingBenchmark({ gpu: null })))).toMatchObject({ status: 'onboarded', market: 'cpu-dev' });
  });

  it('waitlists a failing benchmark with a reason that says what to fix, and refuses its queue', async () => {
    const client = h.client();
    const failing = passingBenchmark({ passed: false, gpu: { ...passingBenchmark().gpu!, containerCheck: 'failed' } });
    const status = await client.enroll(enrollmentWith(failing));
    expect(status.status).toBe('waitlisted');
    expect(status.reason).toMatch(/NVIDIA Container Toolkit/);
    await expect(client.joinQueue()).rejects.toMatchObject({ kind: 'refused', code: 'not_onboarded', status: 403 });
  });

  it('refuses enrollment under old terms', async () => {
    const client = h.client();
    await expect(client.enroll({ ...enrollmentWith(), termsVersion: '2020-01' })).rejects.toMatchObject({ code: 'terms_not_accepted', status: 409 });
  });
});

describe('local grid: operator review with the admin command', () => {
  let h: GridHarness;
  beforeEach(async () => {
    h = await startGridHarness({ autoApprove: false });
  });
  afterEach(async () => {
    await h.close();
  });

  it('waitlists until `npm run grid -- approve <address>`, and shows a rejection with its reason', async () => {
    const signer = makeTestSigner();
    const client = h.client(signer);
    expect(await client.enroll(enrollmentWith())).toMatchObject({ status: 'waitlisted', market: 'nvidia-3060' });

    const approve = await run('npx', ['tsx', 'tools/local-grid/main.ts', 'approve', signer.address, '--db', h.dbPath]);
    expect(approve.stdout).toContain('"onboarded"');
    expect(await client.nodeStatus()).toMatchObject({ status: 'onboarded', market: 'nvidia-3060' });

    await run('npx', ['tsx', 'tools/local-grid/main.ts', 'reject', signer.address, '--reason', 'Benchmark figures look copied', '--db', h.dbPath]);
    expect(await client.nodeStatus()).toMatchObject({ status: 'rejected', reason: 'Benchmark figures look copied' });
    await expect(client.joinQueue()).rejects.toMatchObject({ code: 'not_onboarded' });
  }, 60_000);
});

describe('local grid: a rejection stands until an operator reviews again', () => {
  it('waitlists a rejected node that enrolls again, even with auto-approval on', async () => {
    const h = await startGridHarness();
    try {
      const signer = makeTestSigner();
      const client = h.client(signer);
      await client.enroll(enrollmentWith());
      h.grid.transaction(() => h.grid.coordinator.reject(signer.address, 'Benchmark figures look copied'));
      const again = await client.enroll(enrollmentWith());
      expect(again.status).toBe('waitlisted');
      expect(again.reason).toMatch(/rejected before \(Benchmark figures look copied\); an operator reviews it again/);
    } finally {
      await h.close();
    }
  });
});

describe('grid client against a grid that is down', () => {
  it('gives up with an `unreachable` GridError that says what to do', async () => {
    const h = await startGridHarness();
    const client = h.client();
    await h.close();
    const err = await client.markets().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GridError);
    expect(err).toMatchObject({ kind: 'unreachable', transient: true });
    expect((err as Error).message).toMatch(/not answering.*check your internet connection/);
  });
});
