import { describe, expect, it } from 'vitest';
import { canTransition } from '../../../../../src/main/core/host/host-states';
import { ApiError } from '../../../../../src/shared/api-error';
import { HOST_STATES } from '../../../../../src/shared/host-state';
import { createTestHost, sharingHost } from '../../../../support/core-fakes';
import { gridDown, testJob as job, until } from '../../../../support/host-fakes';

describe('host loop', () => {
  it('follows the loop starting -> preflight -> ready -> queued -> running -> settling -> queued', () => {
    const path = ['starting', 'preflight', 'ready', 'queued', 'running', 'settling', 'queued'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!), `${path[i - 1]} -> ${path[i]}`).toBe(true);
  });

  it('reaches paused and error from every state, and leaves them only through preflight', () => {
    for (const state of HOST_STATES) {
      expect(canTransition(state, 'paused')).toBe(true);
      expect(canTransition(state, 'error')).toBe(true);
    }
    expect(canTransition('paused', 'queued')).toBe(false);
    expect(canTransition('error', 'running')).toBe(false);
    expect(canTransition('paused', 'preflight')).toBe(true);
  });

  it('never jumps into a job from outside the queue', () => {
    expect(canTransition('unenrolled', 'running')).toBe(false);
    expect(canTransition('ready', 'running')).toBe(false);
    expect(canTransition('running', 'queued')).toBe(false);
  });
});

describe('HostLoop: its state', () => {
  it('starts into unenrolled, publishing and logging each transition exactly once', async () => {
    const { host: core, events, logger } = createTestHost();
    const seen: string[] = [];
    events.subscribe((event, data) => {
      if (event === 'host.state') seen.push((data as { state: string }).state);
    });
    await core.start();
    expect(seen).toEqual(['preflight', 'unenrolled']);
    const lines = logger.records.filter((r) => r.msg === 'host state changed');
    expect(lines.map((l) => [l.fields.from, l.fields.to])).toEqual([
      ['starting', 'preflight'],
      ['preflight', 'unenrolled'],
    ]);
    expect(core.getStatus()).toMatchObject({ state: 'unenrolled', reason: expect.stringMatching(/not enrolled/) });
  });

  it('throws on an illegal transition and keeps its state', async () => {
    const { host: core } = createTestHost();
    await core.start();
    expect(() => core.transition('running')).toThrow(/illegal transition unenrolled -> running/);
    expect(core.getStatus().state).toBe('unenrolled');
  });

  it('keeps the job only while running or settling', async () => {
    const { host: core } = createTestHost();
    await core.start();
    core.transition('ready', { market: 'nvidia-3060' });
    core.transition('queued');
    const job = { id: 'j1', market: 'nvidia-3060', startedAt: new Date().toISOString() };
    core.transition('running', { job });
    expect(core.getStatus().job).toEqual(job);
    core.transition('settling');
    expect(core.getStatus().job).toEqual(job);
    core.transition('queued');
    expect(core.getStatus()).toMatchObject({ job: null, market: 'nvidia-3060' });
  });

  it('goes to error when a preflight step crashes, with a retry time, and retries', async () => {
    const { host: core, clock } = createTestHost();
    let calls = 0;
    core.addPreflightStep(async () => {
      calls++;
      if (calls === 1) throw new Error('nvidia-smi vanished');
    });
    await core.start();
    const status = core.getStatus();
    expect(status.state).toBe('error');
    expect(status.reason).toMatch(/nvidia-smi vanished/);
    expect(Date.parse(status.retryAt!)).toBe(clock.now() + 30_000);
    await core.runPreflight();
    expect(core.getStatus().state).toBe('unenrolled');
    expect(calls).toBe(2);
    await core.stop();
  });

  it('refuses a re-check while a job runs, with a reason', async () => {
    const { host: core } = createTestHost();
    await core.start();
    core.transition('ready');
    core.transition('queued');
    core.transition('running', { job: { id: 'j', market: 'm', startedAt: new Date().toISOString() } });
    await expect(core.runPreflight()).rejects.toBeInstanceOf(ApiError);
    expect(core.getStatus().state).toBe('running');
  });

  it('runs stop hooks in reverse order, even when one fails', async () => {
    const { host: core, logger } = createTestHost();
    const order: string[] = [];
    core.addStopHook(async () => void order.push('first'));
    core.addStopHook(async () => {
      order.push('second');
      throw new Error('disk gone');
    });
    await core.stop();
    await core.stop();
    expect(order).toEqual(['second', 'first']);
    expect(logger.records.some((r) => r.msg === 'shutdown step failed')).toBe(true);
  });

  it('keeps delivering events when one listener throws', async () => {
    const { host: core, events } = createTestHost();
    const got: string[] = [];
    events.subscribe(() => {
      throw new Error('bad listener');
    });
    events.subscribe((event) => got.push(event));
    await core.start();
    expect(got).toContain('host.state');
  });
});


describe('HostLoop: the loop over fakes of the grid and the container runner', () => {
  it('waits onboarded in ready until the owner shares, then joins the queue', async () => {
    const { host, enrollment, gridClient } = createTestHost();
    enrollment.onboard('nvidia-4090');
    await host.start();
    expect(host.getStatus()).toMatchObject({ state: 'ready', market: 'nvidia-4090' });
    expect(gridClient.calls).toEqual([]);
    host.requestSharing();
    await until(() => host.getStatus().state === 'queued', 'queued');
    expect(gridClient.calls[0]).toBe('joinQueue');
    await host.stop();
    expect(gridClient.calls.at(-1)).toBe('leaveQueue');
  });

  it('runs a job: running -> settling -> queued, finishes it with its results and records the earning', async () => {
    const { host, events, gridClient, runner, runState, ledger, clock } = await sharingHost();
    const published: string[] = [];
    events.subscribe((event) => published.push(event));
    const { run } = gridClient.post(job());
    await until(() => runner.started.length === 1, 'the op to start');
    expect(host.getStatus()).toMatchObject({ state: 'running', job: { id: run.jobId, market: 'nvidia-3060' } });
    expect(runner.started[0]).toMatchObject({ jobId: run.jobId, opId: 'infer', image: 'busybox:1.36', gpus: 'all' });
    expect(runState.saved).toMatchObject({ runId: run.id, opIds: ['infer'] });

    clock.t += 4_000;
    runner.exit('infer', 0);
    await until(() => ledger.list().entries.length === 1, 'the earning');
    expect(gridClient.finished.get(run.id)).toMatchObject({ exitCode: 0, durationMs: 4_000, logTail: 'completion: ok', ops: [{ id: 'infer', exitCode: 0, status: 'success' }] });
    expect(ledger.list().entries[0]).toMatchObject({ runId: run.id, outcome: 'finished', secondsRun: 4, amount: 40, exitCode: 0, note: null });
    expect(runState.saved).toBeNull();
    await until(() => host.getStatus().state === 'queued', 'back in the queue');
    expect(published).toEqual(expect.arrayContaining(['host.state', 'grid.changed', 'jobs.changed', 'earnings.changed']));
    await host.stop();
  });

  it('reports an op that exits non-zero or runs out of memory as failed, the job\'s fault, with its exit code and why', async () => {
    const { host, gridClient, runner, ledger, clock } = await sharingHost();
    const first = gridClient.post(job());
    await until(() => runner.started.length === 1, 'the op to start');
    clock.t += 3_000;
    runner.exit('infer', 3);
    await until(() => ledger.list().entries.length === 1, 'the first earning');
    expect(gridClient.calls).toContain(`fail:${first.run.id}:job:The job exited with code 3.`);
    expect(gridClient.finished.get(first.run.id)).toMatchObject({ exitCode: 3, ops: [{ status: 'failed' }] });
    expect(ledger.list().entries[0]).toMatchObject({ outcome: 'failed', exitCode: 3, note: 'The job exited with code 3.', secondsPaid: 3, amount: 30 });

    gridClient.post(job());
    await until(() => runner.started.length === 2, 'the second op to start');
    runner.exit('infer', 137, true);
    await until(() => ledger.list().entries.length === 2, 'the second earning');
    expect(ledger.list().entries.map((e) => [e.outcome, e.note])).toContainEqual(['failed', 'The job ran out of memory.']);
    await host.stop();
  });

  it('an op that cannot start is not run, and the job says why', async () => {
    const { host, gridClient, runner, ledger } = await sharingHost();
    runner.failure = new Error('pull access denied for busybox');
    gridClient.post(job());
    await until(() => ledger.list().entries.length === 1, 'the earning');
    expect(ledger.list().entries[0]).toMatchObject({ outcome: 'failed', amount: 0, note: 'The job could not start: pull access denied for busybox' });
    expect(runner.started).toHaveLength(0);
    await host.stop();
  });

  it('pausing quits the job in flight with the reason, stops its container, leaves the queue and pauses', async () => {
    const { host, gridClient, runner, ledger } = await sharingHost();
    const { run } = gridClient.post(job());
    await until(() => runner.started.length === 1, 'the op to start');
    await host.pause("You're playing a game");
    expect(host.getStatus()).toMatchObject({ state: 'paused', reason: "You're playing a game" });
    expect(runner.stopped).toEqual([`${run.jobId}/infer`]);
    expect(gridClient.calls).toContain(`quit:${run.id}:You're playing a game`);
    expect(ledger.list().entries[0]).toMatchObject({ outcome: 'quit', note: "Quit: You're playing a game." });
    // Sharing again goes through preflight and back to the queue.
    host.requestSharing();
    await host.runPreflight();
    await until(() => host.getStatus().state === 'queued', 'queued again');
    await host.stop();
  });

  it('refuses a hostile definition: fails it with the reason, the job\'s fault, and never starts a container', async () => {
    const { host, gridClient, runner, ledger } = await sharingHost();
    const { run } = gridClient.post({ version: '0.1', type: 'container', ops: [{ type: 'container/run', id: 'x', args: { image: 'busybox', privileged: true } }] });
    await until(() => ledger.list().entries.length === 1, 'the refusal');
    expect(runner.started).toHaveLength(0);
    expect(gridClient.calls.find((c) => c.startsWith(`fail:${run.id}:job:Refused:`))).toBeDefined();
    expect(ledger.list().entries[0]).toMatchObject({ outcome: 'failed', note: expect.stringMatching(/^Refused: /) });
    await host.stop();
  });

  it('after a crash, stops the saved job\'s containers and quits it with the grid before queueing again', async () => {
    const built = createTestHost();
    await built.settings.update({ sharing: { mode: 'always' } });
    const { host, enrollment, gridClient, runner, runState, ledger } = built;
    enrollment.onboard();
    const { run } = gridClient.post(job(), { handOut: false });
    runState.saved = { runId: run.id, jobId: run.jobId, market: 'nvidia-3060', opIds: ['infer'] };
    await host.start();
    expect(runner.stopped).toEqual([`${run.jobId}/infer`]);
    expect(ledger.list().entries[0]).toMatchObject({ runId: run.id, outcome: 'quit', note: 'Quit: GridHost stopped while the job ran; it was quit on the next start.' });
    expect(runState.saved).toBeNull();
    await until(() => host.getStatus().state === 'queued', 'queued');
    await host.stop();
  });

  it('a never-enrolled host with the grid down is unenrolled, says why, and asks again by itself', async () => {
    const { host, enrollment } = createTestHost({ loop: { retryMs: 20, maxRetryMs: 40 } });
    enrollment.failure = gridDown();
    await host.start();
    expect(host.getStatus()).toMatchObject({ state: 'unenrolled', reason: expect.stringMatching(/not enrolled in the test grid yet\. The grid at .* is not answering/) });
    expect(host.current().problem).toMatch(/not answering/);
    enrollment.failure = null;
    enrollment.onboard();
    await until(() => host.getStatus().state === 'ready', 'the retry to find the grid');
    expect(host.current().problem).toBeNull();
  });

  it('an onboarded host with the grid down goes to error with a retry time, and shows the status the grid gave last', async () => {
    const { host, enrollment, clock } = createTestHost({ loop: { retryMs: 60_000 } });
    enrollment.onboard();
    await host.start();
    enrollment.failure = gridDown();
    await host.runPreflight();
    const status = host.getStatus();
    expect(status.state).toBe('error');
    expect(status.reason).toMatch(/not answering/);
    expect(Date.parse(status.retryAt!) - clock.now()).toBeGreaterThanOrEqual(45_000);
    expect(host.current()).toMatchObject({ enrollment: { status: 'onboarded' }, problem: expect.stringMatching(/not answering/) });
    await host.stop();
  });

  it('a grid failure while sharing sends the host to error, and it comes back to the queue by itself', async () => {
    const { host, gridClient } = await sharingHost({ loop: { retryMs: 20, maxRetryMs: 40 } });
    gridClient.failNext = gridDown();
    await until(() => host.getStatus().state === 'error', 'error');
    await until(() => host.getStatus().state === 'queued', 'queued again after the retry');
    await host.stop();
  });

  it('a new enrollment status moves an idle host at once, and waits while it is busy', async () => {
    const { host, enrollment } = createTestHost();
    await host.start();
    enrollment.onboard('nvidia-3090');
    host.applyEnrollment(await enrollment.refresh());
    expect(host.getStatus()).toMatchObject({ state: 'ready', market: 'nvidia-3090' });
    await host.pause('You paused sharing.');
    host.applyEnrollment({ status: 'unenrolled', gridUrl: 'http://grid.test' });
    expect(host.getStatus().state).toBe('paused');
    expect(host.current().enrollment).toEqual({ status: 'unenrolled', gridUrl: 'http://grid.test' });
  });

  it('asks the new grid when the grid address changes while idle', async () => {
    const { host, settings, enrollment, grid } = createTestHost();
    await settings.load();
    await host.start();
    const before = enrollment.refreshes;
    grid.url = 'http://other-grid.test';
    await settings.update({ grid: { url: 'http://other-grid.test' } });
    await until(() => enrollment.refreshes > before, 'the new grid to be asked');
  });
});
