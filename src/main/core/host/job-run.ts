import { containerSpecForOp } from '../jobs/container-spec-for-op';
import { exposedServices, type ExposedService } from '../jobs/exposed-service';
import { validateJobDefinition } from '../jobs/job-policy';
import type { OpRunner } from '../jobs/ports';
import type { ServiceRelay } from '../relay/job-services';
import type { Clock, Logger } from '../ports';
import { isGridError } from '../grid/grid-error';
import { MAX_JOB_TIMEOUT_SECONDS, MAX_LOG_TAIL_CHARS, MAX_REASON_CHARS, type Assignment, type Heartbeat, type RunEnd, type RunResults } from '../grid/protocol';
import { exitFailure, startFailure, type JobFailure } from './job-failure';
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
  /** Serves exposed services through the grid and runs their health checks; absent, ports stay on 127.0.0.1 only. */
  services?: Pick<ServiceRelay, 'start'>;
}

/**
 * How a job ended: the message that ends its run (null when the grid closed the run itself), the failure when it
 * did not run to its end, and the exit code of its last op.
 */
export interface JobRunOutcome {
  end: RunEnd | null;
  failure: JobFailure | null;
  exitCode: number | null;
}

/**
 * Runs one assigned job to its end: checks the definition, runs its ops one after another in containers with
 * heartbeats, and says how it ended: `finish` with the results when every op exited 0, `fail` with the cause
 * when an op could not start, exited non-zero or the job reached its timeout (or the definition was refused),
 * `quit` when stopped from outside. The caller sends that message (through the outbox), not this function.
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
  const endedAt = () => new Date(clock.now()).toISOString();

  try {
    const validation = validateJobDefinition(job.definition);
    const tooLong = timeoutRefusal(job.timeoutSeconds);
    if (tooLong !== null || !validation.ok) {
      const problems = [...(tooLong ? [{ code: 'timeout_too_long', message: tooLong }] : []), ...(validation.ok ? [] : validation.problems)];
      logger.warn('job definition refused', { job: job.id, timeoutSeconds: job.timeoutSeconds, problems: problems.map((p) => p.code) });
      const failure: JobFailure = { fault: 'job', cause: `Refused: ${problems.map((p) => p.message).join(' ')}` };
      const results: RunResults = { exitCode: null, durationMs: 0, logTail: '', ops: [] };
      return { end: failEnd(failure, results, endedAt()), failure, exitCode: null };
    }
    const startedMs = clock.now();
    const ops: RunResults['ops'] = [];
    const logTail: string[] = [];
    let exitCode: number | null = null;
    let failure: JobFailure | null = null;
    for (const op of validation.definition.ops) {
      if (jobAbort.signal.aborted) break;
      saved.opIds.push(op.id);
      await deps.runState.save(saved);
      const spec = containerSpecForOp(job.id, validation.definition, op);
      const outcome = await runOp(deps, job.id, spec, exposedServices(op.args.expose), jobAbort.signal, (p) => (phase = p));
      ops.push({ id: op.id, exitCode: outcome.exitCode, status: outcome.status });
      logTail.push(...outcome.logTail);
      exitCode = outcome.exitCode;
      failure = outcome.failure;
      if (outcome.status !== 'success') break;
    }
    const end = endedAt();
    const stop = jobAbort.signal.reason as unknown;
    if (stop instanceof ClosedByGrid) return { end: null, failure, exitCode };
    if (signal.aborted && stop instanceof StopRequest) {
      return { end: { kind: 'quit', body: { reason: stop.message.slice(0, MAX_REASON_CHARS), endedAt: end } }, failure: null, exitCode };
    }
    phase = 'uploading';
    const results: RunResults = { exitCode, durationMs: clock.now() - startedMs, logTail: logTail.join('\n').slice(-MAX_LOG_TAIL_CHARS), ops };
    if (stop instanceof StopRequest) failure = { fault: 'job', cause: `Stopped: ${stop.message}.` };
    if (failure) return { end: failEnd(failure, results, end), failure, exitCode };
    return { end: { kind: 'finish', body: { results, endedAt: end } }, failure: null, exitCode };
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

function failEnd(failure: JobFailure, results: RunResults, endedAt: string): RunEnd {
  return { kind: 'fail', body: { reason: failure.cause.slice(0, MAX_REASON_CHARS), fault: failure.fault, results, endedAt } };
}

interface OpOutcome {
  exitCode: number | null;
  status: 'success' | 'failed' | 'stopped';
  failure: JobFailure | null;
  logTail: string[];
}

/** Runs one op's container until it exits or the job is stopped, and keeps the tail of its output. */
async function runOp(
  deps: JobRunDeps,
  jobId: string,
  spec: ReturnType<typeof containerSpecForOp>,
  services: ExposedService[],
  signal: AbortSignal,
  setPhase: (p: Heartbeat['phase']) => void,
): Promise<OpOutcome> {
  setPhase('pulling');
  let started: Awaited<ReturnType<OpRunner['run']>>;
  try {
    started = await deps.runner.run(spec);
  } catch (err) {
    const failure = startFailure(err);
    deps.logger.warn('op could not start', { job: jobId, op: spec.opId, fault: failure.fault, error: (err as Error).message });
    return { exitCode: null, status: 'failed', failure, logTail: [] };
  }
  setPhase('running');
  const stopped = new Promise<'stopped'>((resolve) => {
    if (signal.aborted) resolve('stopped');
    signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  const relayed = services.length > 0 && deps.services ? deps.services.start(jobId, spec.opId, services, started.hostPorts ?? {}) : null;
  const unhealthy = relayed ? relayed.failed.then((reason) => ({ unhealthy: reason })) : new Promise<never>(() => undefined);
  const result = await Promise.race([started.exited, stopped, unhealthy]).finally(() => relayed?.stop());
  // The output is read before the stop, which lets the supervisor forget the op.
  const logTail = () => deps.runner.logs(jobId, spec.opId, 200).map((l) => l.text);
  if (typeof result === 'object' && 'unhealthy' in result) {
    deps.logger.warn('service health check failed', { job: jobId, op: spec.opId, reason: result.unhealthy });
    const lines = logTail();
    await deps.runner.stop(jobId, spec.opId).catch(() => undefined);
    return { exitCode: null, status: 'failed', failure: { fault: 'job', cause: `Health check failed: ${result.unhealthy}` }, logTail: lines };
  }
  if (result === 'stopped') {
    const lines = logTail();
    await deps.runner.stop(jobId, spec.opId);
    return { exitCode: null, status: 'stopped', failure: null, logTail: lines };
  }
  const lines = logTail();
  await deps.runner.stop(jobId, spec.opId).catch(() => undefined);
  if (result.exitCode === 0 && !result.oomKilled) return { exitCode: 0, status: 'success', failure: null, logTail: lines };
  return { exitCode: result.exitCode, status: 'failed', failure: exitFailure(result), logTail: lines };
}
