import { capacityProblems } from '../jobs/capacity-check';
import { containerSpecForOp, jobVolumeName } from '../jobs/container-spec-for-op';
import { isCreateVolumeOp, isRunOp, requiredVramGiB, type JobDefinition } from '../jobs/job-definition';
import { validateJobDefinition } from '../jobs/job-policy';
import { resolveResultLiterals } from '../jobs/literals';
import { extractResults, RESULTS_LIMITS } from '../jobs/op-results';
import type { PlannedOp } from '../jobs/op-plan';
import type { GpuVramProbe, OpRunner } from '../jobs/ports';
import { restartTries } from '../jobs/restart-policy';
// A literal `expose` (%%...%%) was resolved or refused by the policy before the run: what is left is ports.
import { exposedServices, type ExposeArg, type ExposedService } from '../jobs/exposed-service';
import type { ServiceRelay } from '../relay/job-services';
import type { Clock, Logger } from '../ports';
import { isGridError } from '../grid/grid-error';
import { mountOpResources, withResourceVolumes, type OpResourcePreparer } from '../resources/op-resources';
import { MAX_JOB_TIMEOUT_SECONDS, MAX_LOG_TAIL_CHARS, MAX_REASON_CHARS, type Assignment, type Heartbeat, type RunEnd, type RunResults } from '../grid/protocol';
import { exitFailure, startFailure, type JobFailure } from './job-failure';
import { setLongTimeout } from './long-timeout';
import { runPlan, type OpOutcome } from './op-schedule';
import type { LoopGridClient, RunInFlightStore, SavedRun } from './ports';

/**
 * Why a job stops early: the owner paused, a sharing rule gave the GPU back, the host shuts down, or the job
 * reached its timeout. `graceMs` replaces the containers' grace setting (Auto's 1 s); `onContainersStopped` is
 * told as soon as the op's container is gone, before the run is reported (the sharing controller times that).
 */
export class StopRequest extends Error {
  constructor(
    message: string,
    readonly stop: { graceMs?: number; onContainersStopped?: () => void } = {},
  ) {
    super(message);
  }
}
/** The grid closed the run (it expired): nothing is left to report for it. */
class ClosedByGrid extends StopRequest {}

export interface JobRunDeps {
  client: LoopGridClient;
  runner: OpRunner;
  runState: RunInFlightStore;
  clock: Clock;
  logger: Logger;
  heartbeatMs: number;
  /** The model cache that fetches and mounts an op's `resources` (core/resources). */
  resources?: OpResourcePreparer;
  /** The GPU's memory, for `meta.system_resources.required_vram`; without it the ask is not checked. */
  gpuVram?: GpuVramProbe;
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
    const capacity = await vramRefusal(deps.gpuVram, validation.definition);
    if (capacity !== null) {
      logger.warn('job refused: not enough VRAM', { job: job.id });
      const failure: JobFailure = { fault: 'job', cause: capacity };
      return { end: failEnd(failure, { exitCode: null, durationMs: 0, logTail: '', ops: [] }, endedAt()), failure, exitCode: null };
    }
    const startedMs = clock.now();
    const definition = validation.definition;
    const extracted = new Map<string, Record<string, string[]>>();
    const budget = { chars: RESULTS_LIMITS.maxTotalChars };
    const runOne = async (planned: PlannedOp, up: () => void, opSignal: AbortSignal): Promise<OpOutcome> => {
      const op = planned.op;
      saved.opIds.push(op.id);
      await deps.runState.save(saved);
      if (isCreateVolumeOp(op)) return createVolume(deps, job.id, op.args.name);
      if (!isRunOp(op)) return { exitCode: null, status: 'failed', failure: { fault: 'job', cause: `Op ${op.id} has an unknown type.` }, logTail: [] };
      const latest = new Map([...extracted].map(([id, r]) => [id, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v[0] ?? '']))]));
      const resolved = { ...op, args: resolveResultLiterals(op.args, latest) };
      // The op's model resources are fetched into the cache and mounted read-only before it starts.
      const mounts = await mountOpResources(deps.resources, job.id, op, opSignal);
      if (!mounts.ok) return { exitCode: null, status: mounts.stopped ? 'stopped' : 'failed', failure: mounts.failure, logTail: [] };
      const spec = withResourceVolumes(containerSpecForOp(job.id, definition, resolved), mounts.volumes);
      let outcome: OpOutcome;
      try {
      for (let tries = restartTries(op.args.restart_policy); ; tries--) {
        const onUp = spec.expose && spec.expose.length > 0 ? up : () => undefined;
        const run = await runOp(deps, job.id, spec, exposedServices(op.args.expose as ExposeArg), opSignal, (p) => (phase = p), onUp, (lines) => {
          if (op.results) extracted.set(op.id, extractResults(op.results, lines, budget));
        });
        outcome = run;
        if (run.status !== 'failed' || tries <= 0 || opSignal.aborted || run.exitCode === null) break;
        logger.info('op restarted by its restart_policy', { job: job.id, op: op.id, exitCode: run.exitCode, triesLeft: tries });
      }
      } finally {
        mounts.release();
      }
      return outcome;
    };
    const ended = await runPlan(validation.plan, runOne, jobAbort.signal);
    await removeVolumes(deps, job.id, definition);
    await removeNetwork(deps, job.id);
    const ops: RunResults['ops'] = ended.map(({ planned, outcome }) => ({ id: planned.op.id, exitCode: outcome.exitCode, status: outcome.status }));
    const logTail = ended.flatMap(({ outcome }) => outcome.logTail);
    const failed = ended.find(({ outcome }) => outcome.failure !== null);
    const failure: JobFailure | null = failed?.outcome.failure ?? null;
    const exitCode = failed ? failed.outcome.exitCode : ([...ended].reverse().find((e) => e.outcome.exitCode !== null)?.outcome.exitCode ?? null);
    const end = endedAt();
    const stop = jobAbort.signal.reason as unknown;
    if (stop instanceof ClosedByGrid) return { end: null, failure, exitCode };
    if (signal.aborted && stop instanceof StopRequest) {
      return { end: { kind: 'quit', body: { reason: stop.message.slice(0, MAX_REASON_CHARS), endedAt: end } }, failure: null, exitCode };
    }
    phase = 'uploading';
    const results: RunResults = {
      exitCode,
      durationMs: clock.now() - startedMs,
      logTail: logTail.join('\n').slice(-MAX_LOG_TAIL_CHARS),
      ops,
      ...(extracted.size > 0 ? { results: Object.fromEntries(extracted) } : {}),
    };
    const jobFailure: JobFailure | null = stop instanceof StopRequest ? { fault: 'job', cause: `Stopped: ${stop.message}.` } : failure;
    if (jobFailure) return { end: failEnd(jobFailure, results, end), failure: jobFailure, exitCode };
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

/** Why the GPU cannot take the job (`meta.system_resources.required_vram`), or null: the job's fault, before any container. */
async function vramRefusal(probe: GpuVramProbe | undefined, definition: JobDefinition): Promise<string | null> {
  if (requiredVramGiB(definition) === undefined || !probe) return null;
  const mib = await probe().catch(() => null);
  const problems = capacityProblems(definition, mib === null ? [] : [mib]).filter((p) => p.path.startsWith('meta.'));
  return problems.length === 0 ? null : `Refused: ${problems.map((p) => p.message).join(' ')}`;
}

async function createVolume(deps: JobRunDeps, jobId: string, name: string): Promise<OpOutcome> {
  try {
    await deps.runner.createJobVolume(jobId, jobVolumeName(jobId, name));
    return { exitCode: 0, status: 'success', failure: null, logTail: [] };
  } catch (err) {
    deps.logger.warn('job volume could not be created', { job: jobId, volume: name, error: (err as Error).message });
    return { exitCode: null, status: 'failed', failure: startFailure(err), logTail: [] };
  }
}

/** The job's create-volume volumes are removed once every op has ended; a leftover is reconciled at the next start. */
async function removeVolumes(deps: JobRunDeps, jobId: string, definition: JobDefinition): Promise<void> {
  for (const op of definition.ops.filter(isCreateVolumeOp)) {
    await deps.runner.removeJobVolume(jobVolumeName(jobId, op.args.name)).catch((err: unknown) => {
      deps.logger.warn('job volume could not be removed', { job: jobId, volume: op.args.name, error: (err as Error).message });
    });
  }
}

/** The job's network goes once every op has ended; a leftover is reconciled at the next start. */
async function removeNetwork(deps: JobRunDeps, jobId: string): Promise<void> {
  await deps.runner.removeJobNetwork(jobId).catch((err: unknown) => {
    deps.logger.warn('job network could not be removed', { job: jobId, error: (err as Error).message });
  });
}

/**
 * Runs one op's container until it exits or the job is stopped, and keeps the tail of its output. `up` is called
 * once its services pass their health checks (at once when it has none, or no relay checks them), so an op that
 * depends on it never starts while the service is still starting.
 */
async function runOp(
  deps: JobRunDeps,
  jobId: string,
  spec: ReturnType<typeof containerSpecForOp>,
  services: ExposedService[],
  signal: AbortSignal,
  setPhase: (p: Heartbeat['phase']) => void,
  up: () => void,
  onLogs: (lines: ReturnType<OpRunner['logs']>) => void,
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
  if (relayed) void relayed.healthy.then(up);
  else up();
  const unhealthy = relayed ? relayed.failed.then((reason) => ({ unhealthy: reason })) : new Promise<never>(() => undefined);
  const result = await Promise.race([started.exited, stopped, unhealthy]).finally(() => relayed?.stop());
  // The output is read before the stop, which lets the supervisor forget the op.
  const logs = deps.runner.logs(jobId, spec.opId, 500);
  onLogs(logs);
  const lines = logs.slice(-200).map((l) => l.text);
  if (typeof result === 'object' && 'unhealthy' in result) {
    deps.logger.warn('service health check failed', { job: jobId, op: spec.opId, reason: result.unhealthy });
    await deps.runner.stop(jobId, spec.opId).catch(() => undefined);
    return { exitCode: null, status: 'failed', failure: { fault: 'job', cause: `Health check failed: ${result.unhealthy}` }, logTail: lines };
  }
  if (result === 'stopped') {
    const { graceMs, onContainersStopped } = signal.reason instanceof StopRequest ? signal.reason.stop : {};
    await deps.runner.stop(jobId, spec.opId, graceMs === undefined ? undefined : { graceMs });
    onContainersStopped?.();
    return { exitCode: null, status: 'stopped', failure: null, logTail: lines };
  }
  await deps.runner.stop(jobId, spec.opId).catch(() => undefined);
  if (result.exitCode === 0 && !result.oomKilled) return { exitCode: 0, status: 'success', failure: null, logTail: lines };
  return { exitCode: result.exitCode, status: 'failed', failure: exitFailure(result), logTail: lines };
}
