import { containerSpecForOp } from '../jobs/container-spec-for-op';
import { validateJobDefinition } from '../jobs/job-policy';
import type { OpRunner } from '../jobs/ports';
import type { Clock, Logger } from '../ports';
import { isGridError } from '../grid/grid-error';
import { MAX_JOB_TIMEOUT_SECONDS, MAX_LOG_TAIL_CHARS, type Assignment, type Heartbeat, type RunClosed, type RunResults } from '../grid/protocol';
import { setLongTimeout } from './long-timeout';
import type { LoopGridClient, RunInFlightStore, SavedRun } from './ports';

/** Why a job stops early: the owner paused, the host shuts down, or the job reached its timeout. */
export class StopRequest extends Error {}
/** The grid closed the run (it expired): nothing is left to report for it. */
class ClosedByGrid extends StopRequest {}

export interface JobRunDeps {
  client: LoopGridClient;
  runner: OpRunner;
  runState: RunInFlightStore;
  clock: Clock;
  logger: Logger;
  heartbeatMs: number;
}

/** How a job ended: what the grid answered (null when the grid closed the run itself), and why. */
export interface JobRunOutcome {
  closed: RunClosed | null;
  exitCode: number | null;
  note: string | null;
}

/**
 * Runs one assigned job to its end: checks the definition, runs its ops one after another in containers with
 * heartbeats, and reports to the grid (finish with the results, or quit when stopped, refused or timed out).
 * `signal` stops the job from outside (pause, shutdown); the job's own deadline stops it too.
 */
export async function runJob(deps: JobRunDeps, assignment: Assignment, saved: SavedRun, signal: AbortSignal): Promise<JobRunOutcome> {
  const { client, clock, logger } = deps;
  const { job, run } = assignment;
  const jobAbort = new AbortController();
  const onOuterAbort = () => jobAbort.abort(signal.reason);
  signal.addEventListener('abort', onOuterAbort, { once: true });
  let phase: Heartbeat['phase'] = 'pulling';
  const heartbeat = setInterval(() => {
    client.heartbeat(run.id, { phase }).catch((err: unknown) => {
      if (isGridError(err) && err.code === 'run_closed') jobAbort.abort(new ClosedByGrid('the grid closed the run'));
      else logger.warn('heartbeat failed', { run: run.id, error: (err as Error).message });
    });
  }, deps.heartbeatMs);
  const deadline = setLongTimeout(() => jobAbort.abort(new StopRequest('the job reached its timeout')), Date.parse(run.deadline) - clock.now());

  let closed: RunClosed | null = null;
  let note: string | null = null;
  let exitCode: number | null = null;
  try {
    const validation = validateJobDefinition(job.definition);
    const tooLong = timeoutRefusal(job.timeoutSeconds);
    if (tooLong !== null || !validation.ok) {
      const problems = [...(tooLong ? [{ code: 'timeout_too_long', message: tooLong }] : []), ...(validation.ok ? [] : validation.problems)];
      note = `Refused: ${problems.map((p) => p.message).join(' ')}`;
      logger.warn('job definition refused', { job: job.id, timeoutSeconds: job.timeoutSeconds, problems: problems.map((p) => p.code) });
      closed = await client.quit(run.id, note.slice(0, 500));
      return { closed, exitCode, note };
    }
    const startedMs = clock.now();
    const ops: RunResults['ops'] = [];
    const logTail: string[] = [];
    for (const op of validation.definition.ops) {
      if (jobAbort.signal.aborted) break;
      saved.opIds.push(op.id);
      await deps.runState.save(saved);
      const outcome = await runOp(deps, job.id, containerSpecForOp(job.id, validation.definition, op), jobAbort.signal, (p) => (phase = p));
      ops.push({ id: op.id, exitCode: outcome.exitCode, status: outcome.status });
      logTail.push(...outcome.logTail);
      exitCode = outcome.exitCode;
      if (outcome.status !== 'success') {
        note = outcome.note;
        break;
      }
    }
    const stop = jobAbort.signal.reason as unknown;
    if (signal.aborted && stop instanceof StopRequest) {
      closed = await client.quit(run.id, stop.message);
      note = `Quit: ${stop.message}.`;
    } else if (!(stop instanceof ClosedByGrid)) {
      phase = 'uploading';
      closed = await client.finish(run.id, {
        exitCode,
        durationMs: clock.now() - startedMs,
        logTail: logTail.join('\n').slice(-MAX_LOG_TAIL_CHARS),
        ops,
      });
    }
    return { closed, exitCode, note };
  } finally {
    clearInterval(heartbeat);
    deadline.clear();
    signal.removeEventListener('abort', onOuterAbort);
  }
}

/** Why a job's timeout is refused (longer than any market may set: docs/grid-protocol.md), or null. */
function timeoutRefusal(timeoutSeconds: number): string | null {
  if (timeoutSeconds <= MAX_JOB_TIMEOUT_SECONDS) return null;
  const days = (s: number) => `${Math.round((s / 86_400) * 10) / 10} days`;
  return `The job's timeout (${days(timeoutSeconds)}) is longer than the ${days(MAX_JOB_TIMEOUT_SECONDS)} a market may set; the grid that posted it does not follow the protocol.`;
}

interface OpOutcome {
  exitCode: number | null;
  status: 'success' | 'failed' | 'stopped';
  note: string | null;
  logTail: string[];
}

/** Runs one op's container until it exits or the job is stopped, and keeps the tail of its output. */
async function runOp(
  deps: JobRunDeps,
  jobId: string,
  spec: ReturnType<typeof containerSpecForOp>,
  signal: AbortSignal,
  setPhase: (p: Heartbeat['phase']) => void,
): Promise<OpOutcome> {
  setPhase('pulling');
  let started: Awaited<ReturnType<OpRunner['run']>>;
  try {
    started = await deps.runner.run(spec);
  } catch (err) {
    const message = (err as Error).message;
    deps.logger.warn('op could not start', { job: jobId, op: spec.opId, error: message });
    return { exitCode: null, status: 'failed', note: `The job could not start: ${message}`, logTail: [] };
  }
  setPhase('running');
  const stopped = new Promise<'stopped'>((resolve) => {
    if (signal.aborted) resolve('stopped');
    signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  const result = await Promise.race([started.exited, stopped]);
  // The output is read before the stop, which lets the supervisor forget the op.
  const logTail = () => deps.runner.logs(jobId, spec.opId, 200).map((l) => l.text);
  if (result === 'stopped') {
    const lines = logTail();
    await deps.runner.stop(jobId, spec.opId);
    const why = signal.reason instanceof StopRequest ? signal.reason.message : 'stopped';
    return { exitCode: null, status: 'stopped', note: `Stopped: ${why}.`, logTail: lines };
  }
  const lines = logTail();
  await deps.runner.stop(jobId, spec.opId).catch(() => undefined);
  if (result.oomKilled) return { exitCode: result.exitCode, status: 'failed', note: 'The job ran out of memory.', logTail: lines };
  return result.exitCode === 0
    ? { exitCode: 0, status: 'success', note: null, logTail: lines }
    : { exitCode: result.exitCode, status: 'failed', note: `The job exited with code ${result.exitCode}.`, logTail: lines };
}
