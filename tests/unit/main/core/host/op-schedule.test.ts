import { describe, expect, it } from 'vitest';
import type { JobOp } from '../../../../../src/main/core/jobs/job-definition';
import { planOps } from '../../../../../src/main/core/jobs/op-plan';
import { runPlan, type OpOutcome } from '../../../../../src/main/core/host/op-schedule';

const op = (id: string, execution?: JobOp['execution']): JobOp => ({ type: 'container/run', id, args: { image: 'busybox' }, ...(execution ? { execution } : {}) }) as JobOp;
const ok: OpOutcome = { exitCode: 0, status: 'success', failure: null, logTail: [] };

describe('planOps and runPlan', () => {
  it('refuses unknown, self, later-group and cyclic dependencies with their paths', () => {
    const problems: Parameters<typeof planOps>[1] = [];
    planOps([op('a', { depends_on: ['ghost'] }), op('b', { depends_on: ['b'] })], problems);
    expect(problems.map((p) => p.path)).toEqual(['ops[0].execution.depends_on[0]', 'ops[1].execution.depends_on[0]']);
    const cyclic: typeof problems = [];
    planOps([op('a', { group: 'g', depends_on: ['b'] }), op('b', { group: 'g', depends_on: ['a'] })], cyclic);
    expect(cyclic).toEqual([expect.objectContaining({ code: 'bad_dependency', message: expect.stringContaining('a -> b -> a') })]);
  });

  it('starts an op beside a service it depends on once the service is up, and stops it when the service stops', async () => {
    const problems: Parameters<typeof planOps>[1] = [];
    const plan = planOps([op('svc', { group: 'g' }), op('client', { group: 'g', depends_on: ['svc'], stop_if_dependent_stops: true })], problems);
    expect(problems).toEqual([]);
    const events: string[] = [];
    let endService: () => void = () => undefined;
    const ended = await runPlan(
      plan,
      async (p, up, signal) => {
        events.push(`start ${p.op.id}`);
        if (p.op.id === 'svc') {
          up();
          await new Promise<void>((resolve) => (endService = resolve));
          events.push('svc ends');
          return ok;
        }
        setTimeout(() => endService(), 20);
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        events.push('client stopped');
        return { exitCode: null, status: 'stopped', failure: null, logTail: [] };
      },
      new AbortController().signal,
    );
    expect(events).toEqual(['start svc', 'start client', 'svc ends', 'client stopped']);
    expect(ended.map((e) => [e.planned.op.id, e.outcome.status])).toEqual([['svc', 'success'], ['client', 'stopped']]);
  });

  it('runs groups in order and ops of a group side by side', async () => {
    const plan = planOps([op('a', { group: 'one' }), op('b', { group: 'one' }), op('c', { group: 'two' })], []);
    const running = new Set<string>();
    let most = 0;
    const order: string[] = [];
    await runPlan(
      plan,
      async (p) => {
        running.add(p.op.id);
        most = Math.max(most, running.size);
        order.push(p.op.id);
        await new Promise((r) => setTimeout(r, 10));
        running.delete(p.op.id);
        return ok;
      },
      new AbortController().signal,
    );
    expect(most).toBe(2);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('an op that throws fails the plan as the host\'s fault and stops the ops beside it before returning', async () => {
    const plan = planOps([op('svc', { group: 'g' }), op('broken', { group: 'g' })], []);
    const events: string[] = [];
    const ended = await runPlan(
      plan,
      async (p, up, signal) => {
        if (p.op.id === 'broken') {
          await new Promise((r) => setTimeout(r, 10));
          throw new Error('disk full');
        }
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        events.push('svc stopped');
        return { exitCode: null, status: 'stopped', failure: null, logTail: [] };
      },
      new AbortController().signal,
    );
    expect(events).toEqual(['svc stopped']);
    expect(ended.map((e) => [e.planned.op.id, e.outcome.status, e.outcome.failure?.fault ?? null])).toEqual([
      ['svc', 'stopped', null],
      ['broken', 'failed', 'host'],
    ]);
    expect(ended[1]!.outcome.failure!.cause).toBe('Op broken could not run: disk full');
  });
});
