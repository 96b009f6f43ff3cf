import { z } from 'zod';
import type { HostStateName, HostStatus, RunningJob } from '../../../shared/host-state';
import type { EarningsLedger } from '../earnings/earnings-ledger';
import { canTransition } from '../host-loop';
import { containerSpecForOp } from '../jobs/container-spec-for-op';
import { validateJobDefinition } from '../jobs/job-policy';
import type { OpRunner } from '../jobs/ports';
import type { Clock, JsonDocumentStore, Logger } from '../ports';
import type { EnrollmentService, EnrollmentStatus } from './enrollment-service';
import type { GridClient } from './grid-client';
import type { GridConnection } from './grid-connection';
import { isGridError } from './grid-error';
import { MAX_LOG_TAIL_CHARS, type Assignment, type Heartbeat, type QueueStatus, type RunClosed, type RunResults } from './protocol';

/** The part of HostCore the driver moves. */
export interface HostLoopPort {
  getStatus(): HostStatus;
  transition(to: HostStateName, details?: { reason?: string | null; job?: RunningJob | null; market?: string | null }): HostStatus;
  fail(reason: string, retryMs: number): void;
}

/** What the grid side of the host is doing, for the Test Grid and Jobs pages. */
export interface GridActivity {
  enrollment: EnrollmentStatus | null;
  queue: QueueStatus | null;
  /** The job being run now, or null. */
  job: { jobId: string; runId: string; market: string; startedAt: string; pricePerSecond: number; timeoutSeconds: number } | null;
  /** The last grid problem, in the owner's words; null when the last call went well. */
  problem: string | null;
}

export interface HostLoopDriverOptions {
  /** Long-poll wait for a job. */
  waitMs: number;
  heartbeatMs: number;
  /** How long the first retry after a grid failure waits; it doubles with each failure in a row. */
  retryMs: number;
  /** The longest wait between retries. */
  maxRetryMs: number;
  /** While unenrolled or waitlisted, how often the grid is asked again (an operator may approve at any time). */
  statusPollMs: number;
  /**
   * Join the queue by itself once onboarded. Off by default: GridHost takes jobs only once the owner starts
   * sharing (or a headless rig is started to share).
   */
  autoQueue: boolean;
}

export interface HostLoopDriverDeps {
  host: HostLoopPort;
  connection: GridConnection;
  enrollment: EnrollmentService;
  ledger: EarningsLedger;
  runner: OpRunner;
  /** The job in flight, saved so that after a crash it is closed with the grid on the next start. */
  runState: JsonDocumentStore;
  clock: Clock;
  logger: Logger;
  onActivity?: (activity: GridActivity) => void;
  options?: Partial<HostLoopDriverOptions>;
}

const DEFAULTS: HostLoopDriverOptions = { waitMs: 20_000, heartbeatMs: 20_000, retryMs: 30_000, maxRetryMs: 10 * 60_000, statusPollMs: 2 * 60_000, autoQueue: false };

const SavedRunSchema = z.object({ runId: z.string(), jobId: z.string(), market: z.string(), opIds: z.array(z.string()) });
type SavedRun = z.infer<typeof SavedRunSchema>;

/** Why a job stops early: the owner paused, the host shuts down, or the job reached its timeout. */
class StopRequest extends Error {}
/** The grid closed the run (it expired): nothing is left to report for it. */
class ClosedByGrid extends StopRequest {}

/**
 * Drives the host loop from the grid (docs/grid-protocol.md): enrollment status -> ready -> queued ->
 * running a job through the container supervisor with heartbeats -> settling (finish, or quit with the
 * seconds run paid) -> queued again. Pausing or shutting down quits the job in flight. The job in flight is
 * saved on disk, and a start after a crash quits it with the grid before anything else.
 */
export class HostLoopDriver {
  private readonly options: HostLoopDriverOptions;
  private readonly logger: Logger;
  private loop: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private activity: GridActivity = { enrollment: null, queue: null, job: null, problem: null };
  /** The owner wants jobs: survives errors and restarts of the loop, cleared by pause. */
  private wantSharing: boolean;
  /** Grid failures in a row, for the backoff of the next retry. */
  private failures = 0;
  private resyncTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: HostLoopDriverDeps) {
    this.options = { ...DEFAULTS, ...deps.options };
    this.wantSharing = this.options.autoQueue;
    this.logger = deps.logger.child({ component: 'host-loop' });
  }

  /** What the grid side is doing now. */
  current(): GridActivity {
    return this.activity;
  }

  /**
   * Preflight step: closes a job left by a crash, then reads the enrollment status and moves the host to
   * unenrolled, waitlisted or ready (and on to the queue when auto-queue is on). Grid down: error, retried.
   */
  async syncEnrollment(): Promise<void> {
    this.clearResync();
    try {
      await this.recoverSavedRun();
      // One attempt: preflight must not hang on a grid that is down; the retry is this loop's own backoff.
      const status = await this.deps.enrollment.refresh({ attempts: 1 });
      this.failures = 0;
      this.update({ enrollment: status, problem: null });
      this.applyEnrollment(status);
      if (status.status !== 'onboarded') this.resyncWhile(['unenrolled', 'waitlisted'], this.options.statusPollMs);
    } catch (err) {
      // While the grid cannot answer, the pages show the status it gave last.
      const known = this.activity.enrollment ?? (await this.deps.enrollment.lastKnown().catch(() => null));
      if (known) this.update({ enrollment: known });
      if ((!known || known.status === 'unenrolled') && isGridError(err) && err.transient) {
        // Never enrolled as far as this host knows: it is unenrolled, and says why it cannot enroll yet.
        const message = err.message;
        this.update({ problem: message });
        this.move('unenrolled', { reason: `This machine is not enrolled in the test grid yet. ${message}` });
        this.resyncWhile(['unenrolled'], this.nextRetryMs());
        return;
      }
      this.gridTrouble(err);
    }
  }

  /** Moves the host after an enrollment (from the page or the CLI) without waiting for the next preflight. */
  applyEnrollment(status: EnrollmentStatus): void {
    this.update({ enrollment: status });
    // Busy (queued, running, paused...): the new status is shown and applies at the next preflight.
    if (this.loop || !['preflight', 'unenrolled', 'waitlisted', 'ready'].includes(this.deps.host.getStatus().state)) return;
    if (status.status === 'unenrolled') {
      this.move('unenrolled', { reason: 'This machine is not enrolled in the test grid yet.' });
    } else if (status.status === 'onboarded') {
      this.move('ready', { market: status.market, reason: null });
      if (this.wantSharing) this.startSharing();
    } else {
      this.move('waitlisted', { market: status.market, reason: status.reason ?? `The grid has ${status.status} this machine.` });
    }
  }

  /** The owner starts sharing: from ready the host joins the queue; from elsewhere it does once ready. */
  requestSharing(): void {
    this.wantSharing = true;
    this.startSharing();
  }

  /** Joins the queue and keeps taking jobs until paused. No-op unless the host is ready. */
  private startSharing(): void {
    if (this.loop || this.deps.host.getStatus().state !== 'ready') return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.runLoop(abort.signal).finally(() => {
      this.loop = null;
      this.abort = null;
    });
  }

  /** Stops taking jobs: quits the job in flight (paid for the seconds run), leaves the queue, and pauses. */
  async pause(reason: string): Promise<void> {
    this.wantSharing = false;
    await this.halt(reason);
    this.move('paused', { reason });
  }

  /** Shutdown: the same as pause, without a state change (a stop hook of HostCore). */
  async shutdown(): Promise<void> {
    this.clearResync();
    await this.halt('GridHost was shut down');
  }

  private async halt(reason: string): Promise<void> {
    this.abort?.abort(new StopRequest(reason));
    await this.loop;
    // Only a host that is in a queue has anything to tell the grid (and opening the client would open the key).
    if (!this.activity.queue?.queued) return;
    try {
      const client = await this.deps.connection.client();
      this.update({ queue: await client.leaveQueue() });
    } catch (err) {
      this.logger.warn('could not leave the queue', { error: (err as Error).message });
    }
  }

  private async runLoop(signal: AbortSignal): Promise<void> {
    try {
      const client = await this.deps.connection.client();
      while (!signal.aborted) {
        if (!this.activity.queue?.queued) {
          const queue = await client.joinQueue();
          this.update({ queue, problem: null });
          this.move('queued', { market: queue.market, reason: null });
        }
        const next = await client.nextJob(this.options.waitMs, signal);
        this.failures = 0;
        this.update({ queue: next.queue, problem: null });
        if (next.assignment) await this.runAssignment(client, next.assignment, signal);
      }
    } catch (err) {
      if (signal.aborted) return;
      this.gridTrouble(err);
    }
  }

  private async runAssignment(client: GridClient, assignment: Assignment, signal: AbortSignal): Promise<void> {
    const { job, run } = assignment;
    const saved: SavedRun = { runId: run.id, jobId: job.id, market: job.market, opIds: [] };
    await this.deps.runState.write(saved);
    this.update({
      queue: null,
      job: { jobId: job.id, runId: run.id, market: job.market, startedAt: run.startedAt, pricePerSecond: job.pricePerSecond, timeoutSeconds: job.timeoutSeconds },
    });
    this.move('running', { job: { id: job.id, market: job.market, startedAt: run.startedAt } });
    this.logger.info('job assigned', { job: job.id, run: run.id, market: job.market });

    const jobAbort = new AbortController();
    const onOuterAbort = () => jobAbort.abort(signal.reason);
    signal.addEventListener('abort', onOuterAbort, { once: true });
    let phase: Heartbeat['phase'] = 'pulling';
    const heartbeat = setInterval(() => {
      client.heartbeat(run.id, { phase }).catch((err: unknown) => {
        if (isGridError(err) && err.code === 'run_closed') jobAbort.abort(new ClosedByGrid('the grid closed the run'));
        else this.logger.warn('heartbeat failed', { run: run.id, error: (err as Error).message });
      });
    }, this.options.heartbeatMs);
    const deadline = setTimeout(() => jobAbort.abort(new StopRequest('the job reached its timeout')), Math.max(0, Date.parse(run.deadline) - this.deps.clock.now()));

    let closed: RunClosed | null = null;
    let note: string | null = null;
    let exitCode: number | null = null;
    try {
      const validation = validateJobDefinition(job.definition);
      if (!validation.ok) {
        note = `Refused: ${validation.problems.map((p) => p.message).join(' ')}`;
        this.logger.warn('job definition refused', { job: job.id, problems: validation.problems.map((p) => p.code) });
        closed = await client.quit(run.id, note.slice(0, 500));
      } else {
        const startedMs = this.deps.clock.now();
        const ops: RunResults['ops'] = [];
        const logTail: string[] = [];
        for (const op of validation.definition.ops) {
          if (jobAbort.signal.aborted) break;
          saved.opIds.push(op.id);
          await this.deps.runState.write(saved);
          const outcome = await this.runOp(job.id, containerSpecForOp(job.id, validation.definition, op), jobAbort.signal, (p) => (phase = p));
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
            durationMs: this.deps.clock.now() - startedMs,
            logTail: logTail.join('\n').slice(-MAX_LOG_TAIL_CHARS),
            ops,
          });
        }
      }
    } finally {
      clearInterval(heartbeat);
      clearTimeout(deadline);
      signal.removeEventListener('abort', onOuterAbort);
    }

    this.move('settling', {});
    if (closed) {
      await this.deps.ledger.record(closed.earning, { exitCode, note });
      this.logger.info('job settled', { job: job.id, outcome: closed.earning.outcome, amount: closed.earning.amount });
    } else {
      await this.deps.ledger.refresh().catch(() => undefined);
    }
    await this.deps.runState.write(null);
    // The loop joins the queue again next, which moves the host from settling to queued.
    this.update({ job: null });
  }

  private async runOp(
    jobId: string,
    spec: ReturnType<typeof containerSpecForOp>,
    signal: AbortSignal,
    setPhase: (p: Heartbeat['phase']) => void,
  ): Promise<{ exitCode: number | null; status: 'success' | 'failed' | 'stopped'; note: string | null; logTail: string[] }> {
    setPhase('pulling');
    let started: Awaited<ReturnType<OpRunner['run']>>;
    try {
      started = await this.deps.runner.run(spec);
    } catch (err) {
      const message = (err as Error).message;
      this.logger.warn('op could not start', { job: jobId, op: spec.opId, error: message });
      return { exitCode: null, status: 'failed', note: `The job could not start: ${message}`, logTail: [] };
    }
    setPhase('running');
    const stopped = new Promise<'stopped'>((resolve) => {
      if (signal.aborted) resolve('stopped');
      signal.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    const result = await Promise.race([started.exited, stopped]);
    // The output is read before the stop, which lets the supervisor forget the op.
    const logTail = () => this.deps.runner.logs(jobId, spec.opId, 200).map((l) => l.text);
    if (result === 'stopped') {
      const lines = logTail();
      await this.deps.runner.stop(jobId, spec.opId);
      const why = signal.reason instanceof StopRequest ? signal.reason.message : 'stopped';
      return { exitCode: null, status: 'stopped', note: `Stopped: ${why}.`, logTail: lines };
    }
    const lines = logTail();
    await this.deps.runner.stop(jobId, spec.opId).catch(() => undefined);
    if (result.oomKilled) return { exitCode: result.exitCode, status: 'failed', note: 'The job ran out of memory.', logTail: lines };
    return result.exitCode === 0
      ? { exitCode: 0, status: 'success', note: null, logTail: lines }
      : { exitCode: result.exitCode, status: 'failed', note: `The job exited with code ${result.exitCode}.`, logTail: lines };
  }

  private async recoverSavedRun(): Promise<void> {
    let raw: unknown;
    try {
      raw = await this.deps.runState.read();
    } catch {
      await this.deps.runState.quarantine();
      return;
    }
    if (raw === null) return;
    const saved = SavedRunSchema.safeParse(raw);
    if (!saved.success) {
      await this.deps.runState.quarantine();
      return;
    }
    const { runId, jobId, opIds } = saved.data;
    this.logger.warn('closing a job left running by the last session', { job: jobId, run: runId });
    for (const opId of opIds) await this.deps.runner.stop(jobId, opId).catch(() => undefined);
    const client = await this.deps.connection.client();
    const run = await client.run(runId).catch((err: unknown) => {
      if (isGridError(err) && err.code === 'not_found') return null;
      throw err;
    });
    if (run?.state === 'running') {
      const closed = await client.quit(runId, 'GridHost stopped while the job ran; it was quit on the next start');
      await this.deps.ledger.record(closed.earning, { exitCode: null, note: 'Quit after GridHost restarted.' });
    } else if (run) {
      await this.deps.ledger.refresh();
    }
    await this.deps.runState.write(null);
  }

  private gridTrouble(err: unknown): void {
    const message = isGridError(err) ? err.message : `The grid loop failed: ${(err as Error).message}`;
    this.logger.warn('grid trouble', { error: message });
    this.update({ problem: message, queue: null, job: null });
    this.deps.host.fail(message, this.nextRetryMs());
  }

  /** Exponential backoff with jitter over failures in a row: retryMs, 2x, 4x... up to maxRetryMs. */
  private nextRetryMs(): number {
    const ceiling = Math.min(this.options.maxRetryMs, this.options.retryMs * 2 ** this.failures);
    this.failures++;
    return Math.round(ceiling * (0.75 + Math.random() * 0.25));
  }

  /** Asks the grid for the enrollment status again after `ms`, if the host is then still in one of `states`. */
  private resyncWhile(states: HostStateName[], ms: number): void {
    this.clearResync();
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (states.includes(this.deps.host.getStatus().state)) void this.syncEnrollment();
    }, ms);
    this.resyncTimer.unref?.();
  }

  private clearResync(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
  }

  /** Moves the host if the move is legal now (the owner or the sharing policy may have moved it first). */
  private move(to: HostStateName, details: Parameters<HostLoopPort['transition']>[1]): void {
    const from = this.deps.host.getStatus().state;
    if (from === to && to !== 'paused') return;
    if (!canTransition(from, to)) {
      this.logger.debug('host state move skipped', { from, to });
      return;
    }
    this.deps.host.transition(to, details);
  }

  private update(patch: Partial<GridActivity>): void {
    this.activity = { ...this.activity, ...patch };
    this.deps.onActivity?.(this.activity);
  }
}
