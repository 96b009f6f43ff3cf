import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHostStores, type HostStores } from '../../../src/main/adapters/sqlite/host-stores';
import { EarningsLedger } from '../../../src/main/core/earnings/earnings-ledger';
import { EnrollmentService } from '../../../src/main/core/grid/enrollment-service';
import { GridConnection } from '../../../src/main/core/grid/grid-connection';
import { EventBus } from '../../../src/main/core/host/event-bus';
import { HostLoop } from '../../../src/main/core/host/host-loop';
import type { HostLoopOptions } from '../../../src/main/core/host/host-loop-config';
import type { GridSnapshot } from '../../../src/shared/contract/grid';
import { systemClock } from '../../../src/main/core/ports';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { sampleInferenceJob } from '../../../tools/local-grid/sample-job';
import { RecordingLogger } from '../../support/core-fakes';
import { enrollmentWith } from '../../support/grid/benchmark-fixtures';
import { FakeOpRunner, until } from '../../support/grid/grid-host';
import { MemorySharingIntent } from '../../support/host-fakes';
import type { SharingMode } from '../../../src/shared/settings';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { benchmarkOutputLines, enrollVerified } from '../../support/grid/verified-enrollment';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the host loop against the real local grid', () => {
  let dir: string;
  let grid: LocalGrid;
  let core: HostLoop;
  let runner: FakeOpRunner;
  let stores: HostStores;
  let activity: GridSnapshot[];
  const signer = makeTestSigner();

  function build(url: string, loop: Partial<HostLoopOptions> = {}, sharing: SharingMode = 'always') {
    const logger = new RecordingLogger();
    const events = new EventBus(logger);
    events.on('grid.changed', (snapshot) => activity.push(snapshot));
    const connection = new GridConnection({
      url: () => url,
      openSigner: async () => signer,
      fetch,
      clientOptions: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } },
    });
    const enrollment = new EnrollmentService(connection, stores.enrollment, logger);
    const ledger = new EarningsLedger(stores.ledger, logger, { fetchRemote: async () => (await connection.client()).earnings(), events });
    core = new HostLoop({
      events,
      grid: connection,
      enrollment,
      ledger,
      runner,
      runState: stores.runInFlight,
      sharing: new MemorySharingIntent(sharing),
      outbox: stores.outbox,
      clock: systemClock,
      logger,
      options: { waitMs: 200, heartbeatMs: 50, retryMs: 60_000, ...loop },
    });
    return { enrollment, ledger, connection };
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-driver-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false, sweepIntervalMs: 3_600_000 });
    runner = new FakeOpRunner();
    stores = openHostStores(dir, new RecordingLogger());
    activity = [];
  });
  afterEach(async () => {
    await core?.stop();
    await grid.close();
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const postJob = (definition: unknown = sampleInferenceJob({ image: 'gridhost-test/busybox:latest', durationSeconds: 1, gpu: true })) =>
    grid.transaction(() => grid.coordinator.postJob({ market: 'nvidia-3060', definition, pricePerSecond: 9 }));

  it('asks the grid again while waitlisted, and moves on by itself once an operator approves', async () => {
    await grid.close();
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid-review.sqlite'), feeder: false, autoApprove: false, sweepIntervalMs: 3_600_000 });
    const { enrollment } = build(grid.url, { statusPollMs: 100 }, 'never');
    await core.start();
    core.applyEnrollment(await enrollment.enroll({ termsVersion: '2026-01', contactEmail: null, benchmark: enrollmentWith().benchmark }));
    await core.runPreflight();
    expect(core.getStatus().state).toBe('waitlisted');
    grid.transaction(() => grid.coordinator.approve(signer.address, 'nvidia-3060'));
    await until(() => core.getStatus().state === 'ready', 'ready after approval');
    expect(core.getStatus().market).toBe('nvidia-3060');
  });

  it('goes unenrolled -> waitlisted (verifying the GPU) -> ready -> queued -> running -> settling -> queued, and records the earning', async () => {
    const { enrollment, ledger } = build(grid.url);
    await core.start();
    expect(core.getStatus().state).toBe('unenrolled');

    // The grid's verification job is the benchmark; this "GPU" prints an RTX 3060's figures, as claimed.
    runner.output.set('verify-gpu', benchmarkOutputLines('rtx-3060'));
    const status = await enrollment.enroll({ termsVersion: '2026-01', contactEmail: null, benchmark: enrollmentWith().benchmark });
    core.applyEnrollment(status);
    expect(core.getStatus()).toMatchObject({ state: 'waitlisted', reason: expect.stringMatching(/^Verifying your GPU/) });
    await until(() => runner.started.length === 1, 'the verification job to start');
    expect(runner.started[0]).toMatchObject({ opId: 'verify-gpu', image: 'gridhost/benchmark:1', gpus: 'all' });
    expect(core.getStatus().state).toBe('waitlisted');
    runner.exit('verify-gpu', 0);
    await until(() => core.getStatus().state === 'queued', 'queued');
    expect(core.getStatus().market).toBe('nvidia-3060');
    expect(ledger.list().entries).toMatchObject([{ market: 'nvidia-3060', outcome: 'finished', amount: 0 }]);

    const job = postJob();
    await until(() => runner.started.length === 2, 'the op to start');
    expect(core.getStatus()).toMatchObject({ state: 'running', job: { id: job.id, market: 'nvidia-3060' } });
    expect(runner.started[1]).toMatchObject({ jobId: job.id, opId: 'infer', image: 'gridhost-test/busybox:latest', gpus: 'all' });
    expect(await stores.runInFlight.load()).toMatchObject({ jobId: job.id, opIds: ['infer'] });

    await new Promise((r) => setTimeout(r, 1100));
    runner.exit('infer', 0);
    await until(() => ledger.list().entries.length === 2, 'the earning');
    const entry = ledger.list().entries.find((e) => e.jobId === job.id);
    expect(entry).toMatchObject({ jobId: job.id, outcome: 'finished', exitCode: 0, status: 'pending' });
    expect(entry!.amount).toBe(9 * entry!.secondsPaid);
    expect(entry!.secondsRun).toBeGreaterThanOrEqual(1);
    expect(await stores.runInFlight.load()).toBeNull();
    await until(() => core.getStatus().state === 'queued', 'back in the queue');
    expect(activity.at(-1)?.queue?.queued).toBe(true);
  });

  it('pausing quits the job in flight (paid for the seconds run) and leaves the queue', async () => {
    const { ledger } = build(grid.url);
    enrollVerified(grid, signer.address);
    await core.start();
    await until(() => core.getStatus().state === 'queued', 'queued');
    postJob();
    await until(() => runner.started.length === 1, 'the op to start');

    await core.pause("You're playing a game");
    expect(core.getStatus()).toMatchObject({ state: 'paused', reason: "You're playing a game" });
    expect(runner.stopped).toHaveLength(1);
    expect(ledger.list().entries[0]).toMatchObject({ outcome: 'quit', note: "Quit: You're playing a game." });
    expect(grid.coordinator.markets().find((m) => m.slug === 'nvidia-3060')?.queueLength).toBe(0);
  });

  it('stops a job at its timeout and reports it failed (the job\'s fault), paid up to the timeout', async () => {
    const { ledger } = build(grid.url);
    enrollVerified(grid, signer.address);
    await core.start();
    await until(() => core.getStatus().state === 'queued', 'queued');
    grid.transaction(() =>
      grid.coordinator.postJob({
        market: 'nvidia-3060',
        definition: sampleInferenceJob({ image: 'gridhost-test/busybox:latest', durationSeconds: 60, gpu: false }),
        pricePerSecond: 7,
        timeoutSeconds: 1,
      }),
    );
    await until(() => ledger.list().entries.length === 1, 'the job to be stopped at its timeout');
    expect(runner.stopped).toHaveLength(1);
    expect(ledger.list().entries[0]).toMatchObject({ outcome: 'failed', exitCode: null, note: 'Stopped: the job reached its timeout.' });
    expect(ledger.list().entries[0]!.secondsPaid).toBeLessThanOrEqual(1);
    expect(ledger.list().entries[0]!.amount).toBe(7 * ledger.list().entries[0]!.secondsPaid);
  });

  it('stops a job the grid has expired (its heartbeats were not arriving) and takes the grid\'s account of it', async () => {
    await grid.close();
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'expiring.sqlite'), feeder: false, heartbeatTimeoutMs: 300, sweepIntervalMs: 50 });
    const { ledger } = build(grid.url, { heartbeatMs: 700 });
    enrollVerified(grid, signer.address);
    await core.start();
    await until(() => core.getStatus().state === 'queued', 'queued');
    postJob();
    await until(() => ledger.list().entries.some((e) => e.outcome === 'expired'), 'the expired run to be recorded');
    expect(runner.stopped).toHaveLength(1);
    expect(ledger.list().entries.find((e) => e.outcome === 'expired')).toMatchObject({ note: null });
    expect(await stores.runInFlight.load()).toBeNull();
  });

  it('refuses a hostile job: fails it with the reason and never starts a container', async () => {
    const { ledger } = build(grid.url);
    enrollVerified(grid, signer.address);
    await core.start();
    await until(() => core.getStatus().state === 'queued', 'queued');
    postJob({ version: '0.1', type: 'container', ops: [{ type: 'container/run', id: 'x', args: { image: 'busybox', privileged: true } }] });
    await until(() => ledger.list().entries.length === 1, 'the refusal to settle');
    expect(runner.started).toHaveLength(0);
    expect(ledger.list().entries[0]).toMatchObject({ outcome: 'failed', amount: 0 });
    expect(ledger.list().entries[0]!.note).toMatch(/unprivileged/);
  });

  it('after a crash, quits the saved job with the grid before queueing again', async () => {
    enrollVerified(grid, signer.address);
    const client = new GridConnection({ url: () => grid.url, openSigner: async () => signer, fetch });
    await (await client.client()).joinQueue();
    const job = postJob();
    const runId = grid.coordinator.activeAssignment(signer.address)!.run.id;
    stores.runInFlight.saveNow({ runId, jobId: job.id, market: 'nvidia-3060', opIds: ['infer'] });

    const { ledger } = build(grid.url);
    await core.start();
    expect(runner.stopped).toEqual([`${job.id}/infer`]);
    expect(ledger.list().entries[0]).toMatchObject({ runId, outcome: 'quit', note: 'Quit: GridHost stopped while the job ran; it was quit on the next start.' });
    expect(await stores.runInFlight.load()).toBeNull();
    await until(() => core.getStatus().state === 'queued', 'queued again');
  });

  it('a never-enrolled host with the grid down is unenrolled, says why, and checks again with backoff', async () => {
    const url = grid.url;
    const port = Number(new URL(url).port);
    await grid.close();
    build(url, { retryMs: 100 });
    const started = Date.now();
    await core.start();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(core.getStatus().state).toBe('unenrolled');
    expect(core.getStatus().reason).toMatch(/not enrolled in the test grid yet\. The grid at .* is not answering/);
    expect(core.current().problem).toMatch(/not answering/);

    grid = await startLocalGrid({ port, dbPath: join(dir, 'grid.sqlite'), feeder: false });
    enrollVerified(grid, signer.address);
    await until(() => core.getStatus().state === 'queued', 'the retry to find the grid and queue');
    expect(core.current().problem).toBeNull();
  });

  it('says plainly when the grid is down, retries later, and shows the status the grid gave last', async () => {
    const url = grid.url;
    const { enrollment } = build(url);
    enrollVerified(grid, signer.address);
    await enrollment.refresh();
    await grid.close();
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'other.sqlite'), feeder: false });
    await core.start();
    expect(core.getStatus().state).toBe('error');
    expect(core.getStatus().reason).toMatch(/not answering/);
    expect(core.getStatus().retryAt).not.toBeNull();
    expect(core.current()).toMatchObject({ enrollment: { status: 'onboarded', market: 'nvidia-3060', gridUrl: url }, problem: expect.stringMatching(/not answering/) });
  });
});
