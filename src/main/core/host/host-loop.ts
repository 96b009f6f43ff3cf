import { ApiError } from '../../../shared/api-error';
import { hostPhase, isGridIdlePhase, type HostStateName, type HostStatus } from '../../../shared/host-state';
import type { EnrollmentStatus } from '../grid/enrollment-service';
import { isGridError } from '../grid/grid-error';
import { gridSnapshot, jobsSnapshot, type GridActivity } from '../grid/grid-snapshots';
import type { Assignment, Verification } from '../grid/protocol';
import type { Logger } from '../ports';
import { HOST_LOOP_DEFAULTS, type HostLoopDeps, type HostLoopOptions, type PreflightStep, type TransitionDetails } from './host-loop-config';
import { canTransition } from './host-states';
import { HostFaults } from './host-faults';
import { runJob, StopRequest } from './job-run';
import { LoopTimers } from './loop-timers';
import { deliverOutbox } from './outbox-delivery';
import type { LoopGridClient, SavedRun } from './ports';

/**
 * The host loop, the one owner of the host's state (docs/architecture.md, "The host loop"):
 *
 *   start -> preflight (the steps composition adds, then the job a crash left, then the enrollment status)
 *         -> unenrolled | waitlisted | ready
 *   ready + the owner shares -> queued -> running a job (job-run.ts) -> settling -> queued ...
 *   pause -> the job in flight is quit (paid for the seconds run), the queue left -> paused
 *   a grid failure -> error, retried with backoff through preflight
 *
 * Every move goes through `transition()`, which checks it against the state table (host-states.ts), logs it
 * once and publishes `host.state`; what the grid side is doing is published as `grid.changed`/`jobs.changed`.
 */
export class HostLoop {
  private readonly options: HostLoopOptions;
  private readonly logger: Logger;
  private status: HostStatus;
  private readonly preflightSteps: PreflightStep[] = [];
  private readonly stopHooks: Array<() => Promise<void>> = [];
  private activity: GridActivity = { enrollment: null, queue: null, job: null, problem: null };
  /** The owner wants jobs: read from the kept intent at start, survives errors, cleared by pause. */
  private wantSharing = false;
  /** Jobs in a row that could not start through this machine's fault (no engine, no registry, no GPU runtime). */
  private readonly hostFaults: HostFaults;
  private sharing: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private readonly timers: LoopTimers;
  /** The grid address the last preflight asked; another one in Settings makes an idle host ask again. */
  private syncedUrl: string | null = null;
  private stopped = false;

  constructor(private readonly deps: HostLoopDeps) {
    this.options = { ...HOST_LOOP_DEFAULTS, ...deps.options };
    this.hostFaults = new HostFaults(this.options.hostFaults);
    this.timers = new LoopTimers(this.options);
    this.logger = deps.logger.child({ component: 'host-loop' });
    this.status = { state: 'starting', since: this.isoNow(), reason: null, retryAt: null, market: null, job: null };
    deps.events.on('settings.changed', () => {
      if (this.syncedUrl === null || this.deps.grid.url === this.syncedUrl) return;
      if (isGridIdlePhase(hostPhase(this.status.state))) void this.runPreflight();
    });
  }

  // ---- What the pages and commands read ----

  getStatus(): HostStatus {
    return this.status;
  }

  /** What the grid side is doing now. */
  current(): GridActivity {
    return this.activity;
  }

  // ---- Start, check, stop ----

  /** Registers a preflight step, run in order before the grid is asked. */
  addPreflightStep(step: PreflightStep): void {
    this.preflightSteps.push(step);
  }

  /** Registers work to do on shutdown after the job in flight is quit, run in reverse order. */
  addStopHook(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /** Runs preflight and settles in the first resting state; with the intent `always`, on to the queue. */
  async start(): Promise<void> {
    this.wantSharing = this.deps.sharing.read() === 'always';
    if (this.wantSharing) this.logger.info('sharing resumes: the owner left it on', { intent: 'always' });
    await this.runPreflight();
  }

  /** Checks the machine and the grid again (also the way out of `paused` and `error`). */
  async runPreflight(): Promise<void> {
    const from = this.status.state;
    if (from === 'preflight') return;
    if (!canTransition(from, 'preflight')) {
      throw new ApiError('busy', `The machine cannot be checked while the host is ${from}; it is checked again when the job ends.`);
    }
    this.timers.clear();
    this.transition('preflight');
    for (const step of this.preflightSteps) {
      if (this.stopped) return;
      try {
        await step();
      } catch (err) {
        this.fail(`A start-up check crashed: ${(err as Error).message}`, this.options.crashRetryMs);
        return;
      }
    }
    if (this.stopped) return;
    this.syncedUrl = this.deps.grid.url;
    try {
      await this.deps.ledger.load();
    } catch (err) {
      this.fail(`A start-up check crashed: ${(err as Error).message}`, this.options.crashRetryMs);
      return;
    }
    await this.syncEnrollment();
  }

  /** Shutdown: quits the job in flight with the grid, leaves the queue, then runs the stop hooks. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.clear();
    const hooks = [() => this.halt(new StopRequest('GridHost was shut down')), ...[...this.stopHooks].reverse()];
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        this.logger.error('shutdown step failed', { error: (err as Error).message });
      }
    }
    this.logger.info('host stopped');
  }

  // ---- Enrollment ----

  /**
   * Closes a job left by a crash, then reads the enrollment status and moves the host to unenrolled,
   * waitlisted or ready (and on to the queue when the owner shares). Grid down: error, retried.
   */
  private async syncEnrollment(): Promise<void> {
    this.timers.clearResync();
    try {
      // A job in flight is this session's own (a GPU verification), not one a crash left; the same for the outbox.
      if (!this.sharing) {
        await this.recoverSavedRun();
        // Runs that ended while the grid could not answer (also in an earlier session) are reported before any work.
        await this.deliverPending();
      }
      // One attempt: preflight must not hang on a grid that is down; the retry is this loop's own backoff.
      const status = await this.deps.enrollment.refresh({ attempts: 1 });
      this.timers.succeeded();
      this.update({ enrollment: status, problem: null });
      this.applyEnrollment(status);
      if (status.status !== 'onboarded') this.resyncWhile(['unenrolled', 'waitlisted'], this.options.statusPollMs);
    } catch (err) {
      // While the grid cannot answer, the pages show the status it gave last.
      const known = this.activity.enrollment ?? (await this.deps.enrollment.lastKnown().catch(() => null));
      if (known) this.update({ enrollment: known });
      if ((!known || known.status === 'unenrolled') && isGridError(err) && err.transient) {
        // Never enrolled as far as this host knows: it is unenrolled, and says why it cannot enroll yet.
        this.update({ problem: err.message });
        this.move('unenrolled', { reason: `This machine is not enrolled in the test grid yet. ${err.message}` });
        this.resyncWhile(['unenrolled'], this.timers.nextRetryMs());
        return;
      }
      this.gridTrouble(err);
    }
  }

  /** Moves the host after an enrollment (from the page or the CLI) without waiting for the next preflight. */
  applyEnrollment(status: EnrollmentStatus): void {
    this.update({ enrollment: status });
    // Busy (queued, running, paused...): the new status is shown and applies at the next preflight.
    if (this.sharing || !isGridIdlePhase(hostPhase(this.status.state))) return;
    if (status.status === 'unenrolled') {
      this.move('unenrolled', { reason: 'This machine is not enrolled in the test grid yet.' });
    } else if (status.status === 'onboarded') {
      this.move('ready', { market: status.market, reason: null });
      if (this.wantSharing) this.startSharing();
    } else {
      this.move('waitlisted', { market: status.market, reason: status.reason ?? `The grid has ${status.status} this machine.` });
      if (status.status === 'waitlisted' && status.verification) this.startVerification(status.verification);
    }
  }

  /**
   * Runs the grid's GPU verification job (the benchmark, as a job) while waitlisted, then asks for the review
   * (or, when it could not run, leaves that to the next status poll). It runs in the sharing slot, so pause and
   * shutdown quit it like any job.
   */
  private startVerification(verification: Verification): void {
    const abort = new AbortController();
    this.abort = abort;
    this.sharing = this.verify(verification, abort.signal)
      .finally(() => {
        this.sharing = null;
        this.abort = null;
      })
      .then((ran) => (ran && !abort.signal.aborted ? this.syncEnrollment() : undefined));
  }

  private async verify({ jobId, runId }: Verification, signal: AbortSignal): Promise<boolean> {
    try {
      const client = await this.deps.grid.client();
      const [job, run] = await Promise.all([client.job(jobId), client.run(runId)]);
      if (run.state !== 'running') return true;
      this.logger.info('verifying the GPU for the grid', { job: jobId, run: runId, market: job.market });
      await this.runAssignment(client, { job, run }, signal);
      return true;
    } catch (err) {
      if (!signal.aborted) this.logger.warn('the GPU verification job could not run', { job: jobId, error: (err as Error).message });
      return false;
    }
  }

  // ---- Sharing ----

  /**
   * The owner starts sharing: the intent `always` is kept (so a restart resumes it); from ready the host joins
   * the queue, from elsewhere it does once ready.
   */
  async requestSharing(): Promise<void> {
    await this.deps.sharing.write('always');
    this.wantSharing = true;
    this.startSharing();
  }

  /**
   * The owner pauses: the intent `never` is kept; the job in flight is quit (paid for the seconds run), the
   * queue left, and the host paused. `graceMs` replaces the containers' grace setting.
   */
  async pause(reason: string, graceMs?: number): Promise<void> {
    await this.deps.sharing.write('never');
    await this.release(reason, graceMs).settled;
  }

  /**
   * The sharing controller's start (Auto's rules allow it, or the mode is Always): the kept intent is left as
   * it is. From ready the host joins the queue; from paused (or an error) it checks the machine first.
   */
  resumeSharing(): void {
    if (this.stopped) return;
    this.wantSharing = true;
    const phase = hostPhase(this.status.state);
    if (phase === 'paused' || phase === 'failing') void this.runPreflight().catch((err: unknown) => this.logger.warn('could not resume sharing', { error: (err as Error).message }));
    else this.startSharing();
  }

  /**
   * Stops sharing without changing the kept intent (a sharing rule, or the mode Never): the job in flight is
   * quit (paid for the seconds run), its containers stopped with `graceMs` (else their setting), the queue left,
   * and the host paused with `reason`. `released` resolves once the job's containers are gone (the GPU is
   * free: what the sharing controller times), `settled` once the host is paused.
   */
  release(reason: string, graceMs?: number): { released: Promise<void>; settled: Promise<void> } {
    this.wantSharing = false;
    let containersGone = () => {};
    const gone = new Promise<void>((resolve) => (containersGone = resolve));
    const settled = this.halt(new StopRequest(reason, { graceMs, onContainersStopped: containersGone })).then(() => {
      containersGone();
      this.move('paused', { reason });
    });
    return { released: Promise.race([gone, settled]), settled };
  }

  /** Joins the queue and keeps taking jobs until paused. No-op unless the host is ready. */
  private startSharing(): void {
    if (this.sharing || this.status.state !== 'ready') return;
    const abort = new AbortController();
    this.abort = abort;
    this.sharing = this.share(abort.signal).finally(() => {
      this.sharing = null;
      this.abort = null;
    });
  }

  /** The loop itself: join the queue, wait for a job, run it, and again, until stopped or the grid fails. */
  private async share(signal: AbortSignal): Promise<void> {
    try {
      const client = await this.deps.grid.client();
      while (!signal.aborted) {
        if (!this.activity.queue?.queued) {
          const queue = await client.joinQueue();
          this.update({ queue, problem: null });
          this.move('queued', { market: queue.market, reason: null });
        }
        const next = await client.nextJob(this.options.waitMs, signal);
        this.timers.succeeded();
        this.update({ queue: next.queue, problem: null });
        if (next.assignment) await this.takeJob(client, next.assignment, signal);
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof MachineTrouble) this.machineTrouble(err.message);
      else this.gridTrouble(err);
    }
  }

  /** Runs one job: running -> (job-run.ts) -> settling, with the earning recorded in the ledger. */
  private async takeJob(client: LoopGridClient, assignment: Assignment, signal: AbortSignal): Promise<void> {
    const { job, run } = assignment;
    await this.runAssignment(client, assignment, signal, {
      started: () => this.move('running', { job: { id: job.id, market: job.market, startedAt: run.startedAt } }),
      ended: () => this.move('settling', {}),
    });
  }

  /** Runs an assigned job (job-run.ts), saved against a crash and shown on the Jobs page, then records its earning. */
  private async runAssignment(client: LoopGridClient, assignment: Assignment, signal: AbortSignal, moves?: { started(): void; ended(): void }): Promise<void> {
    const { job, run } = assignment;
    const saved: SavedRun = { runId: run.id, jobId: job.id, market: job.market, opIds: [] };
    await this.deps.runState.save(saved);
    this.update({
      queue: null,
      job: { jobId: job.id, runId: run.id, market: job.market, startedAt: run.startedAt, pricePerSecond: job.pricePerSecond, timeoutSeconds: job.timeoutSeconds },
    });
    moves?.started();
    this.logger.info('job assigned', { job: job.id, run: run.id, market: job.market });

    const { runner, runState, clock, outbox } = this.deps;
    const jobRun = { client, runner, runState, clock, logger: this.logger, heartbeatMs: this.options.heartbeatMs, resources: this.deps.resources, gpuVram: this.deps.gpuVram, services: this.deps.services };
    const ended = await runJob(jobRun, assignment, saved, signal);

    moves?.ended();
    // The end is kept before the run in flight is forgotten: a crash from here on still reports it.
    if (ended.end) await outbox.add({ runId: run.id, kind: ended.end.kind, body: ended.end.body });
    await runState.clear();
    this.update({ job: null });
    this.hostFaults.note(ended);
    if (ended.failure) this.logger.warn('job failed', { job: job.id, run: run.id, fault: ended.failure.fault, cause: ended.failure.cause });
    // A grid that cannot take it now: the message waits in the outbox, the loop retries through preflight.
    await this.deliverPending(client);
    if (!ended.end) await this.deps.ledger.refresh().catch(() => undefined);
    if (ended.failure && this.hostFaults.tripped) throw new MachineTrouble(ended.failure.cause);
    // The loop joins the queue again next, which moves the host from settling to queued.
  }

  /** Delivers what the grid has not acknowledged yet, oldest first; throws while the grid cannot take it. */
  private async deliverPending(client?: LoopGridClient): Promise<void> {
    const { outbox, ledger } = this.deps;
    if ((await outbox.pending()).length === 0) return;
    await deliverOutbox({ outbox, ledger, logger: this.logger }, client ?? (await this.deps.grid.client()));
  }

  /** Stops the loop and the job in flight, and leaves the queue. */
  private async halt(stop: StopRequest): Promise<void> {
    this.timers.clearResync();
    this.abort?.abort(stop);
    await this.sharing;
    // Only a host that is in a queue has anything to tell the grid (and opening the client would open the key).
    if (!this.activity.queue?.queued) return;
    try {
      const client = await this.deps.grid.client();
      this.update({ queue: await client.leaveQueue() });
    } catch (err) {
      this.logger.warn('could not leave the queue', { error: (err as Error).message });
    }
  }

  /**
   * A job left running by a crash: its containers are stopped and a quit is put in the outbox (paid by the grid
   * up to the last sign of life it had), then the run in flight is forgotten. The outbox delivers it next.
   */
  private async recoverSavedRun(): Promise<void> {
    const { runState, runner, outbox } = this.deps;
    const saved = await runState.load();
    if (saved === null) return;
    const { runId, jobId, opIds } = saved;
    this.logger.warn('closing a job left running by the last session', { job: jobId, run: runId });
    for (const opId of opIds) await runner.stop(jobId, opId).catch(() => undefined);
    await outbox.add({ runId, kind: 'quit', body: { reason: 'GridHost stopped while the job ran; it was quit on the next start' } });
    await runState.clear();
  }

  // ---- Failures and retries ----

  private gridTrouble(err: unknown): void {
    const message = isGridError(err) ? err.message : `The grid loop failed: ${(err as Error).message}`;
    this.logger.warn('grid trouble', { error: message });
    this.update({ problem: message, queue: null, job: null });
    this.fail(message, this.timers.nextRetryMs());
  }

  /**
   * Jobs keep failing to start through this machine's fault: it stops taking them (an assigned node is out of
   * the queue already, and the loop does not join it again), says what is wrong and how to fix it, and tries
   * again after a wait that doubles each time the next job fails so too (5 min, 10 min... up to an hour).
   */
  private machineTrouble(cause: string): void {
    const { retryMs, reason } = this.hostFaults.stop(cause);
    this.logger.error('host stopped taking jobs', { hostFaults: this.hostFaults.count, retryMs, cause });
    this.update({ problem: reason, queue: null, job: null });
    this.fail(reason, retryMs);
  }

  /** Goes to `error` with a reason for the owner, and tries preflight again after `retryMs`. */
  fail(reason: string, retryMs: number): void {
    this.timers.clear();
    this.transition('error', { reason, retryAt: this.deps.clock.now() + retryMs });
    this.timers.retryAfter(retryMs, () => void this.runPreflight());
  }

  /** Asks the grid for the enrollment status again after `ms`, if the host is then still in one of `states`. */
  private resyncWhile(states: HostStateName[], ms: number): void {
    this.timers.resyncAfter(ms, () => {
      if (states.includes(this.status.state)) void this.syncEnrollment();
    });
  }

  // ---- State ----

  /**
   * Moves the host loop to another state: the one place a transition happens, is logged and is published.
   * Throws on an illegal move: that is a bug in the caller, not a user error.
   */
  transition(to: HostStateName, details: TransitionDetails = {}): HostStatus {
    const from = this.status.state;
    if (!canTransition(from, to)) throw new Error(`host loop: illegal transition ${from} -> ${to}`);
    const keepsJob = to === 'running' || to === 'settling';
    this.status = {
      state: to,
      since: this.isoNow(),
      reason: details.reason ?? null,
      retryAt: details.retryAt ? new Date(details.retryAt).toISOString() : null,
      market: details.market !== undefined ? details.market : this.status.market,
      job: keepsJob ? (details.job ?? this.status.job) : null,
    };
    this.logger.info('host state changed', { from, to, reason: this.status.reason });
    this.deps.events.publish('host.state', this.status);
    return this.status;
  }

  /** Moves the host if the move is legal now (the owner may have moved it first, by pausing say). */
  private move(to: HostStateName, details: TransitionDetails): void {
    const from = this.status.state;
    if (from === to && to !== 'paused' && (details.reason ?? null) === this.status.reason) return;
    if (!canTransition(from, to)) {
      this.logger.debug('host state move skipped', { from, to });
      return;
    }
    this.transition(to, details);
  }

  private update(patch: Partial<GridActivity>): void {
    const jobBefore = this.activity.job?.jobId ?? null;
    this.activity = { ...this.activity, ...patch };
    this.deps.events.publish('grid.changed', gridSnapshot(this.deps.grid.url, this.activity));
    if ((this.activity.job?.jobId ?? null) !== jobBefore) this.deps.events.publish('jobs.changed', jobsSnapshot(this.activity, this.deps.ledger.list()));
  }

  private isoNow(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** Thrown out of a job when this machine, not the job, keeps failing: the loop stops taking jobs. */
class MachineTrouble extends Error {}

