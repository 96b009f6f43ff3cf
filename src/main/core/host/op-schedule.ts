import type { PlannedOp } from '../jobs/op-plan';
import type { JobFailure } from './job-failure';

/** How one op ended. `stopped` with no failure is an op stopped from outside or because an op it needed stopped. */
export interface OpOutcome {
  exitCode: number | null;
  status: 'success' | 'failed' | 'stopped';
  failure: JobFailure | null;
  logTail: string[];
}

/**
 * Runs one op. `up` is called once the op serves what it exposes (its services passed their health checks), so
 * that ops depending on a service start beside it, never before it answers; an op that exposes nothing is ready
 * when it has finished with success.
 */
export type RunPlannedOp = (planned: PlannedOp, up: () => void, signal: AbortSignal) => Promise<OpOutcome>;

/**
 * Runs a job's plan (op-plan.ts): groups one after the other; inside a group each op starts when every op in
 * its `depends_on` is ready (finished with success, or up and healthy when it serves), and never when one of them failed.
 * With `stop_if_dependent_stops`, an op is stopped when an op it depends on ends. The first op that fails stops
 * the others (`signal` aborted by the caller does the same). Returns each op's outcome, in plan order.
 */
export async function runPlan(plan: PlannedOp[][], runOne: RunPlannedOp, signal: AbortSignal): Promise<{ planned: PlannedOp; outcome: OpOutcome }[]> {
  const planAbort = new AbortController();
  const onAbort = () => planAbort.abort(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  const handles = new Map<string, { ready: Promise<boolean>; done: Promise<OpOutcome> }>();
  const ended: { planned: PlannedOp; outcome: OpOutcome }[] = [];
  try {
    for (const group of plan) {
      if (planAbort.signal.aborted) break;
      const readiness = new Map<string, (ok: boolean) => void>();
      for (const p of group) {
        let resolveReady: (ok: boolean) => void = () => undefined;
        const ready = new Promise<boolean>((resolve) => (resolveReady = resolve));
        readiness.set(p.op.id, resolveReady);
        handles.set(p.op.id, { ready, done: Promise.resolve(skipped()) });
      }
      const runs = group.map((p) => {
        const setReady = readiness.get(p.op.id)!;
        const done = (async (): Promise<OpOutcome> => {
          const deps = p.dependsOn.map((id) => handles.get(id)!);
          const oks = await Promise.all(deps.map((d) => d.ready));
          if (!oks.every(Boolean) || planAbort.signal.aborted) {
            setReady(false);
            return skipped();
          }
          const opAbort = new AbortController();
          const stopOp = () => opAbort.abort(planAbort.signal.reason);
          planAbort.signal.addEventListener('abort', stopOp, { once: true });
          if (p.stopIfDependentStops) for (const d of deps) void d.done.then(() => opAbort.abort(new Error('an op it depends on stopped')));
          try {
            // An op that throws (the run in flight could not be saved, say) fails the job as the host's fault and
            // stops the others, so that no op is left running when the plan returns.
            const outcome = await runOne(p, () => setReady(true), opAbort.signal).catch((err: unknown): OpOutcome => ({
              exitCode: null,
              status: 'failed',
              failure: { fault: 'host', cause: `Op ${p.op.id} could not run: ${(err as Error).message}` },
              logTail: [],
            }));
            setReady(outcome.status === 'success');
            if (outcome.failure) planAbort.abort(new Error(`op ${p.op.id} failed`));
            return outcome;
          } finally {
            planAbort.signal.removeEventListener('abort', stopOp);
          }
        })();
        handles.set(p.op.id, { ready: handles.get(p.op.id)!.ready, done });
        return done.then((outcome) => ended.push({ planned: p, outcome }));
      });
      await Promise.all(runs);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return ended.sort((a, b) => a.planned.index - b.planned.index);
}

function skipped(): OpOutcome {
  return { exitCode: null, status: 'stopped', failure: null, logTail: [] };
}
