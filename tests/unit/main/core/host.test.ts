import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/shared/api-error';
import { HOST_STATES } from '../../../../src/shared/host-state';
import { canTransition } from '../../../../src/main/core/host-loop';
import { createTestCore } from '../../../support/core-fakes';

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

describe('HostCore', () => {
  it('starts into unenrolled, publishing and logging each transition exactly once', async () => {
    const { core, logger } = createTestCore();
    const seen: string[] = [];
    core.subscribe((event, data) => {
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
    const { core } = createTestCore();
    await core.start();
    expect(() => core.transition('running')).toThrow(/illegal transition unenrolled -> running/);
    expect(core.getStatus().state).toBe('unenrolled');
  });

  it('keeps the job only while running or settling', async () => {
    const { core } = createTestCore();
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
    const { core, clock } = createTestCore();
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
    const { core } = createTestCore();
    await core.start();
    core.transition('ready');
    core.transition('queued');
    core.transition('running', { job: { id: 'j', market: 'm', startedAt: new Date().toISOString() } });
    await expect(core.runPreflight()).rejects.toBeInstanceOf(ApiError);
    expect(core.getStatus().state).toBe('running');
  });

  it('runs stop hooks in reverse order, even when one fails', async () => {
    const { core, logger } = createTestCore();
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
    const { core } = createTestCore();
    const got: string[] = [];
    core.subscribe(() => {
      throw new Error('bad listener');
    });
    core.subscribe((event) => got.push(event));
    await core.start();
    expect(got).toContain('host.state');
  });
});
