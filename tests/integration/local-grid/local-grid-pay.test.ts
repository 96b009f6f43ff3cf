import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GridClient } from '../../../src/main/core/grid/grid-client';
import { enrollVerifiedOverHttp } from '../../support/grid/verified-enrollment';
import { startGridHarness, type GridHarness } from './grid-harness';

const results = { exitCode: 0, durationMs: 5, logTail: '', ops: [] };

describe('local grid: pay, idempotent finish and quit, expiry', () => {
  let h: GridHarness;
  let client: GridClient;
  beforeEach(async () => {
    h = await startGridHarness();
    client = h.client();
    await enrollVerifiedOverHttp(client);
  });
  afterEach(async () => {
    await h.close();
  });

  async function startRun(pricePerSecond: number, timeoutSeconds: number): Promise<string> {
    await client.joinQueue();
    h.grid.transaction(() => h.grid.coordinator.postJob({ market: 'nvidia-3060', definition: {}, pricePerSecond, timeoutSeconds }));
    return (await client.nextJob(0)).assignment!.run.id;
  }

  it("never posts a job with a timeout longer than its market's, nor offers a market beyond the protocol's 7 days", () => {
    expect(() => h.grid.transaction(() => h.grid.coordinator.postJob({ market: 'nvidia-3060', definition: {}, timeoutSeconds: 3601 }))).toThrow(
      /nvidia-3060 may run at most 3600 s; 3601 s was asked/,
    );
    expect(h.grid.coordinator.markets().find((m) => m.slug === 'nvidia-3060')?.pendingJobs).toBe(0);
    expect(() => h.grid.coordinator.configureMarkets([{ slug: 'slow', name: 'Slow', pricePerSecond: 1, jobTimeoutSeconds: 30 * 86_400 }])).toThrow(/at most 604800 s/);
  });

  it('finishing twice pays once; the repeat says so', async () => {
    const runId = await startRun(7, 3600);
    h.clock.advance(10_999);
    const first = await client.finish(runId, results);
    h.clock.advance(5_000);
    const second = await client.finish(runId, results);
    expect(first.earning).toMatchObject({ secondsRun: 10, amount: 70 });
    expect(second).toEqual({ ...first, repeated: true });
    expect((await client.earnings()).totals.pending).toBe(70);
    await expect(client.quit(runId, 'too late')).rejects.toMatchObject({ code: 'run_closed', status: 409 });
    await expect(client.heartbeat(runId, { phase: 'running' })).rejects.toMatchObject({ code: 'run_closed' });
  });

  it('quitting pays the seconds run, once', async () => {
    const runId = await startRun(3, 3600);
    h.clock.advance(30_000);
    await client.heartbeat(runId, { phase: 'running' });
    h.clock.advance(12_000);
    const quit = await client.quit(runId, 'owner paused sharing');
    expect(quit.earning).toMatchObject({ outcome: 'quit', secondsRun: 42, secondsPaid: 42, amount: 126 });
    expect((await client.quit(runId, 'owner paused sharing')).repeated).toBe(true);
    await expect(client.finish(runId, results)).rejects.toMatchObject({ code: 'run_closed' });
    expect((await client.earnings()).totals.pending).toBe(126);
  });

  it('caps pay at the job timeout: a run ends at its deadline at the latest', async () => {
    const runId = await startRun(11, 60);
    for (let i = 0; i < 10; i++) {
      h.clock.advance(25_000);
      await client.heartbeat(runId, { phase: 'running' });
    }
    const closed = await client.finish(runId, results);
    expect(closed.earning).toMatchObject({ secondsRun: 60, secondsPaid: 60, amount: 660 });
    expect(closed.run.endedAt).toBe(closed.run.deadline);
  });

  it('pays a finish sent while the grid is up to the container\'s real end, not to the message', async () => {
    const runId = await startRun(5, 3600);
    const startedAt = h.clock.now();
    h.clock.advance(20_000);
    await client.heartbeat(runId, { phase: 'running' });
    h.clock.advance(5_400);
    const closed = await client.finish(runId, results, new Date(startedAt + 25_000).toISOString());
    expect(closed.earning).toMatchObject({ outcome: 'finished', secondsRun: 25, amount: 125 });
  });

  it('never pays the outage: a quit delivered late is paid to the container\'s end', async () => {
    // The measured case: a 25 s job, its quit delivered after a 6 s outage, was paid 31 s.
    const runId = await startRun(5, 3600);
    const startedAt = h.clock.now();
    h.clock.advance(20_000);
    await client.heartbeat(runId, { phase: 'running' });
    h.clock.advance(11_000);
    const closed = await client.quit(runId, 'owner paused sharing', new Date(startedAt + 25_000).toISOString());
    expect(closed.earning).toMatchObject({ outcome: 'quit', secondsRun: 25, amount: 125 });
  });

  it('never pays past the last sign of life: one heartbeat interval after the last heartbeat at most', async () => {
    const runId = await startRun(5, 3600);
    const startedAt = h.clock.now();
    h.clock.advance(10_000);
    await client.heartbeat(runId, { phase: 'running' });
    // The grid was down for 100 s; the host claims the job ran to 105 s and says so when the grid is back.
    h.clock.advance(100_000);
    const closed = await client.finish(runId, results, new Date(startedAt + 105_000).toISOString());
    expect(closed.earning).toMatchObject({ secondsRun: 10 + 30, amount: 200 });
  });

  it('refuses a claim of time not yet run: an end in the future is paid to the arrival', async () => {
    const runId = await startRun(5, 3600);
    const startedAt = h.clock.now();
    h.clock.advance(8_000);
    const closed = await client.finish(runId, results, new Date(startedAt + 50_000).toISOString());
    expect(closed.earning).toMatchObject({ secondsRun: 8, amount: 40 });
  });

  it('reports a failure with its cause: the job\'s fault is paid the seconds run, the host\'s nothing', async () => {
    const jobFault = await startRun(5, 3600);
    h.clock.advance(12_000);
    const failed = await client.fail(jobFault, { reason: 'The job exited with code 3.', fault: 'job', results: { ...results, exitCode: 3 } });
    expect(failed.run.state).toBe('failed');
    expect(failed.earning).toMatchObject({ outcome: 'failed', secondsRun: 12, secondsPaid: 12, amount: 60 });
    expect((await client.fail(jobFault, { reason: 'The job exited with code 3.', fault: 'job', results })).repeated).toBe(true);
    await expect(client.finish(jobFault, results)).rejects.toMatchObject({ code: 'run_closed' });

    const hostFault = await startRun(5, 3600);
    h.clock.advance(4_000);
    const unpaid = await client.fail(hostFault, { reason: 'The job could not start: Docker cannot pull images.', fault: 'host', results: { ...results, exitCode: null } });
    expect(unpaid.earning).toMatchObject({ outcome: 'failed', secondsRun: 4, secondsPaid: 0, amount: 0 });
    expect((await client.run(hostFault)).state).toBe('failed');
  });

  it('pays nothing for a run closed in its first second', async () => {
    const runId = await startRun(1_000_000, 60);
    h.clock.advance(999);
    expect((await client.finish(runId, results)).earning.amount).toBe(0);
  });

  it('expires a run whose heartbeats stop, paying up to the last one', async () => {
    const runId = await startRun(5, 3600);
    h.clock.advance(30_000);
    await client.heartbeat(runId, { phase: 'running' });
    h.clock.advance(121_000);
    h.grid.transaction(() => h.grid.coordinator.sweep());
    const [earning] = (await client.earnings()).items;
    expect(earning).toMatchObject({ runId, outcome: 'expired', secondsRun: 30, amount: 150 });
    await expect(client.finish(runId, results)).rejects.toMatchObject({ code: 'run_closed' });
  });

  it('hands a running job out again after a host restart, and refuses to queue it twice', async () => {
    const runId = await startRun(5, 3600);
    const again = await client.nextJob(0);
    expect(again.assignment?.run.id).toBe(runId);
    await expect(client.joinQueue()).rejects.toMatchObject({ code: 'run_in_progress' });
  });
});

describe('local grid housekeeping and the job feeder', () => {
  let h: GridHarness;
  beforeEach(async () => {
    h = await startGridHarness({ feeder: { intervalMs: 3_600_000, image: 'gridhost-test/busybox:latest', durationSeconds: 1 } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('drops a queued node that stopped polling', async () => {
    const client = h.client();
    await enrollVerifiedOverHttp(client);
    await client.joinQueue();
    h.clock.advance(91_000);
    h.grid.transaction(() => h.grid.coordinator.sweep());
    expect(await client.queueStatus()).toMatchObject({ queued: false, queueLength: 0 });
  });

  it('feeds only markets with a node waiting, so jobs never pile up', async () => {
    const client = h.client();
    await enrollVerifiedOverHttp(client);
    expect(h.grid.feeder!.round()).toEqual([]);
    await client.joinQueue();
    const first = h.grid.feeder!.round();
    expect(first).toHaveLength(1);
    expect((await client.nextJob(0)).assignment?.job.id).toBe(first[0]);
    await client.finish((await client.nextJob(0)).assignment!.run.id, results);
    // Nobody queued now: nothing is posted, however many rounds pass.
    h.grid.feeder!.round();
    expect(h.grid.coordinator.markets().every((m) => m.pendingJobs === 0)).toBe(true);
  });
});
