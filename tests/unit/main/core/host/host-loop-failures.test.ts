import { describe, expect, it } from 'vitest';
import { ContainerError } from '../../../../../src/main/core/containers/errors';
import { pullError } from '../../../../../src/main/core/containers/pull-errors';
import { createTestHost, sharingHost } from '../../../../support/core-fakes';
import { gridDown, testJob as job, until } from '../../../../support/host-fakes';

const offline = () => pullError('busybox:1.36', 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host');

describe('HostLoop: honest failures', () => {
  it('an image the registry does not have is the job\'s fault; a registry it cannot reach is the host\'s (paid nothing)', async () => {
    const { host, gridClient, runner, ledger } = await sharingHost();
    runner.failure = new ContainerError('image_not_found', 'The image "nope:1" was not found.', 'Check the image name.');
    const first = gridClient.post(job());
    await until(() => ledger.list().entries.length === 1, 'the first failure');
    expect(gridClient.calls).toContain(`fail:${first.run.id}:job:The job could not start: The image "nope:1" was not found. Check the image name.`);

    runner.failure = offline();
    const second = gridClient.post(job());
    await until(() => ledger.list().entries.length === 2, 'the second failure');
    const entry = ledger.list().entries.find((e) => e.runId === second.run.id)!;
    expect(entry).toMatchObject({ outcome: 'failed', amount: 0, exitCode: null });
    expect(entry.note).toMatch(/^The job could not start: Docker cannot pull images: Could not reach the registry .* no such host/);
    expect(gridClient.ends.find((e) => e.runId === second.run.id)).toMatchObject({ kind: 'fail', body: { fault: 'host' } });
    await host.stop();
  });

  it('stops after 3 jobs in a row fail by the host\'s fault, says what is wrong, backs off, and recovers', async () => {
    const { host, gridClient, runner, clock, logger } = await sharingHost({ loop: { hostFaults: { limit: 3, retryMs: 1_000, maxRetryMs: 2_000 } } });
    runner.failure = offline();
    for (let i = 0; i < 5; i++) gridClient.post(job());

    await until(() => host.getStatus().state === 'error', 'the host to stop taking jobs');
    const failed = () => gridClient.calls.filter((c) => c.startsWith('fail:')).length;
    expect(failed()).toBe(3);
    const status = host.getStatus();
    expect(status.reason).toMatch(/Docker cannot pull images: .*no such host.* GridHost stopped taking jobs after 3 in a row could not start here, and tries again in 1 s\./);
    expect(Date.parse(status.retryAt!) - clock.now()).toBe(1_000);
    expect(host.current()).toMatchObject({ queue: null, problem: status.reason });
    // Not back in the queue: the jobs left are for other machines.
    const joins = gridClient.calls.filter((c) => c === 'joinQueue').length;
    await new Promise((r) => setTimeout(r, 60));
    expect(gridClient.calls.filter((c) => c === 'joinQueue').length).toBe(joins);
    expect(logger.records.some((r) => r.msg === 'host stopped taking jobs')).toBe(true);

    // The retry takes one job; it fails so too: stopped again at once, the wait doubled.
    await until(() => failed() === 4, 'the retry to take one job', 5_000);
    await until(() => host.getStatus().state === 'error', 'stopped again');
    expect(Date.parse(host.getStatus().retryAt!) - clock.now()).toBe(2_000);
    expect(host.getStatus().reason).toMatch(/after 4 in a row could not start here, and tries again in 2 s\./);

    // The image becomes available: the next retry runs the job to its end and the host stays in the queue.
    runner.failure = null;
    await until(() => runner.started.length === 1, 'a job to start after the machine is fixed', 5_000);
    runner.exit('infer', 0);
    await until(() => gridClient.calls.some((c) => c.startsWith('finish:')), 'the finish');
    await until(() => host.getStatus().state === 'queued', 'queued again');
    expect(failed()).toBe(4);
    await host.stop();
  });

  it('failures of the job itself never stop the host', async () => {
    const { host, gridClient, runner } = await sharingHost();
    for (let i = 1; i <= 4; i++) {
      gridClient.post(job());
      await until(() => runner.started.length === i, `op ${i}`);
      runner.exit('infer', 1);
      await until(() => gridClient.calls.filter((c) => c.startsWith('fail:')).length === i, `failure ${i}`);
    }
    await until(() => host.getStatus().state === 'queued', 'still queued');
    await host.stop();
  });
});

describe('HostLoop: the outbox', () => {
  it('keeps a finish the grid cannot take, in the outbox, and delivers it with its results once the grid answers', async () => {
    const { host, gridClient, runner, ledger, outbox, runState } = await sharingHost({ loop: { retryMs: 30, maxRetryMs: 60 } });
    const { run } = gridClient.post(job());
    await until(() => runner.started.length === 1, 'the op to start');
    gridClient.down = gridDown();
    runner.exit('infer', 0);
    await until(() => host.getStatus().state === 'error', 'error while the grid is down');
    // The run in flight is forgotten only because its end is kept.
    expect(runState.saved).toBeNull();
    expect(outbox.messages).toMatchObject([{ runId: run.id, kind: 'finish', body: { results: { exitCode: 0 } } }]);
    await until(() => outbox.messages[0]!.attempts >= 2, 'a retry');
    expect(outbox.messages[0]!.lastError).toMatch(/not answering/);
    expect(ledger.list().entries).toEqual([]);

    gridClient.down = null;
    await until(() => ledger.list().entries.length === 1, 'the delivery');
    expect(ledger.list().entries[0]).toMatchObject({ runId: run.id, outcome: 'finished', exitCode: 0 });
    expect(gridClient.finished.get(run.id)).toMatchObject({ exitCode: 0, logTail: 'completion: ok' });
    expect(outbox.messages).toEqual([]);
    await until(() => host.getStatus().state === 'queued', 'queued again');
    await host.stop();
  });

  it('delivers what an earlier session left, oldest first, at preflight before taking work', async () => {
    const built = createTestHost({ sharing: 'always', loop: { retryMs: 30, maxRetryMs: 60 } });
    const { host, enrollment, gridClient, outbox, ledger } = built;
    enrollment.onboard();
    // It was onboarded in its last session.
    enrollment.last = enrollment.status;
    const older = gridClient.post(job(), { handOut: false });
    const newer = gridClient.post(job(), { handOut: false });
    const results = { exitCode: 0, durationMs: 1000, logTail: 'done', ops: [] };
    await outbox.add({ runId: older.run.id, kind: 'finish', body: { results } });
    await outbox.add({ runId: newer.run.id, kind: 'fail', body: { reason: 'The job exited with code 2.', fault: 'job', results: { ...results, exitCode: 2 } } });

    gridClient.down = gridDown();
    await host.start();
    expect(host.getStatus().state).toBe('error');
    // Only the oldest was tried: the rest wait behind it.
    expect(outbox.messages.map((m) => m.attempts)).toEqual([1, 0]);

    gridClient.down = null;
    await until(() => host.getStatus().state === 'queued', 'queued after the delivery');
    expect(gridClient.ends.map((e) => [e.runId, e.kind])).toEqual([
      [older.run.id, 'finish'],
      [newer.run.id, 'fail'],
    ]);
    expect(gridClient.calls.indexOf(`fail:${newer.run.id}:job:The job exited with code 2.`)).toBeLessThan(gridClient.calls.indexOf('joinQueue'));
    expect(ledger.list().entries.map((e) => [e.runId, e.outcome, e.note])).toEqual(
      expect.arrayContaining([
        [older.run.id, 'finished', null],
        [newer.run.id, 'failed', 'The job exited with code 2.'],
      ]),
    );
    expect(outbox.messages).toEqual([]);
    await host.stop();
  });

  it('drops a run end the grid refuses for good (the run expired meanwhile) and takes the grid\'s word', async () => {
    const built = createTestHost({ sharing: 'always' });
    const { host, enrollment, gridClient, outbox, logger } = built;
    enrollment.onboard();
    const { run } = gridClient.post(job(), { handOut: false });
    gridClient.runs.set(run.id, { ...run, state: 'expired' });
    await outbox.add({ runId: run.id, kind: 'quit', body: { reason: 'GridHost was shut down' } });
    await host.start();
    await until(() => host.getStatus().state === 'queued', 'queued');
    expect(outbox.messages).toEqual([]);
    expect(logger.records.some((r) => r.msg === 'the grid refused the end of a run for good; dropped' && r.fields.code === 'run_closed')).toBe(true);
    await host.stop();
  });

  it('a quit at shutdown with the grid down is kept and delivered by the next session over the same outbox', async () => {
    const first = await sharingHost();
    const { run } = first.gridClient.post(job());
    await until(() => first.runner.started.length === 1, 'the op to start');
    first.gridClient.down = gridDown();
    await first.host.stop();
    expect(first.outbox.messages).toMatchObject([{ runId: run.id, kind: 'quit', body: { reason: 'GridHost was shut down' } }]);
    expect(first.runState.saved).toBeNull();

    const second = createTestHost({ outbox: first.outbox, sharing: 'always' });
    second.gridClient.runs.set(run.id, run);
    second.enrollment.onboard();
    await second.host.start();
    expect(second.gridClient.ends).toMatchObject([{ runId: run.id, kind: 'quit' }]);
    expect(second.ledger.list().entries[0]).toMatchObject({ runId: run.id, outcome: 'quit', note: 'Quit: GridHost was shut down.' });
    await second.host.stop();
  });
});
