import type { JobContainerSpecInput } from '../../src/main/core/containers/job-container-spec';
import { EarningsLedger } from '../../src/main/core/earnings/earnings-ledger';
import type { LedgerEntry, LedgerTotals } from '../../src/main/core/earnings/ledger-entry';
import type { LedgerCursor, LedgerPage, LedgerStore, SpanSums, TimeSpan } from '../../src/main/core/earnings/ports';
import type { EnrollmentStatus } from '../../src/main/core/grid/enrollment-service';
import { GridError } from '../../src/main/core/grid/grid-error';
import type { Assignment, Earning, Heartbeat, Job, NextJob, QueueStatus, Run, RunClosed, RunEnd, RunResults } from '../../src/main/core/grid/protocol';
import type { LoopEnrollment, LoopGrid, LoopGridClient, Outbox, OutboxKind, OutboxMessage, RunInFlightStore, SavedRun, SharingIntent } from '../../src/main/core/host/ports';
import type { SharingMode } from '../../src/shared/settings';
import type { OpRunner } from '../../src/main/core/jobs/ports';
import type { EventSink, Logger } from '../../src/main/core/ports';
import { sampleInferenceJob } from '../../tools/local-grid/sample-job';

/**
 * Fakes of the host loop's ports (src/main/core/host/ports.ts), for unit tests of the loop: a grid that hands
 * out the jobs a test gives it and pays `pricePerSecond x seconds` like the real one, an enrollment whose status
 * the test sets, and an op runner whose containers run until the test ends them.
 */

export const GRID_URL = 'http://grid.test';

/** The sample inference job on a small image, asking for the GPU. */
export const testJob = (seconds = 5) => sampleInferenceJob({ image: 'busybox:1.36', durationSeconds: seconds, gpu: true });

export class FakeEnrollment implements LoopEnrollment {
  status: EnrollmentStatus = { status: 'unenrolled', gridUrl: GRID_URL };
  /** When set, refresh() throws it (a grid that is down). */
  failure: Error | null = null;
  last: EnrollmentStatus | null = null;
  refreshes = 0;

  async refresh(): Promise<EnrollmentStatus> {
    this.refreshes++;
    if (this.failure) throw this.failure;
    this.last = this.status;
    return this.status;
  }
  async lastKnown(): Promise<EnrollmentStatus | null> {
    return this.last;
  }
  onboard(market = 'nvidia-3060'): void {
    this.status = { gridUrl: GRID_URL, address: 'node', status: 'onboarded', market, reason: null, enrolledAt: '2026-11-25T09:00:00.000Z', reviewedAt: '2026-11-25T09:01:00.000Z', verification: null };
  }
}

/** The owner's sharing intent, kept in memory (settings.sharing.mode in the app). */
export class MemorySharingIntent implements SharingIntent {
  constructor(public mode: SharingMode = 'never') {}
  read(): SharingMode {
    return this.mode;
  }
  async write(mode: SharingMode): Promise<void> {
    this.mode = mode;
  }
}

/** A grid down, as the client reports it: transient, with the owner's words. */
export function gridDown(): GridError {
  return new GridError('unreachable', 'unreachable', `The grid at ${GRID_URL} is not answering.`);
}

export class FakeGridClient implements LoopGridClient {
  /** Every call, in order: `joinQueue`, `finish:<run>`, `quit:<run>:<reason>`, `fail:<run>:<fault>:<reason>`... */
  calls: string[] = [];
  /** The results of every finished or failed run. */
  finished = new Map<string, RunResults>();
  /** Every run end the grid accepted, in order. */
  ends: Array<{ runId: string } & RunEnd> = [];
  readonly runs = new Map<string, Run>();
  readonly jobs = new Map<string, Job>();
  private readonly pending: Assignment[] = [];
  private readonly waiters: Array<() => void> = [];
  private queued = false;
  private runCount = 0;
  /** When set, the next grid call throws it once. */
  failNext: Error | null = null;
  /** While set, every grid call throws it (a grid that is down). */
  down: Error | null = null;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /**
   * Posts a job; a waiting `nextJob` takes it at once. `handOut: false` makes a run the host took in a session
   * before (a crash test's saved run).
   */
  post(definition: unknown, options: { pricePerSecond?: number; timeoutSeconds?: number; handOut?: boolean } = {}): Assignment {
    const id = `run-${++this.runCount}`;
    const startedAt = new Date(this.now()).toISOString();
    const timeoutSeconds = options.timeoutSeconds ?? 600;
    const assignment: Assignment = {
      job: { id: `job-${this.runCount}`, market: 'nvidia-3060', definition, pricePerSecond: options.pricePerSecond ?? 10, timeoutSeconds, postedAt: startedAt },
      run: { id, jobId: `job-${this.runCount}`, state: 'running', startedAt, lastHeartbeatAt: startedAt, endedAt: null, deadline: new Date(this.now() + timeoutSeconds * 1000).toISOString() },
    };
    this.runs.set(id, assignment.run);
    this.jobs.set(assignment.job.id, assignment.job);
    if (options.handOut === false) return assignment;
    this.pending.push(assignment);
    this.waiters.splice(0).forEach((wake) => wake());
    return assignment;
  }

  private check(call: string): void {
    this.calls.push(call);
    const failure = this.failNext ?? this.down;
    this.failNext = null;
    if (failure) throw failure;
  }

  private queue(): QueueStatus {
    return { market: 'nvidia-3060', queued: this.queued, position: this.queued ? 1 : null, queueLength: this.queued ? 1 : 0 };
  }

  async joinQueue(): Promise<QueueStatus> {
    this.check('joinQueue');
    this.queued = true;
    return this.queue();
  }
  async leaveQueue(): Promise<QueueStatus> {
    this.check('leaveQueue');
    this.queued = false;
    return this.queue();
  }
  async nextJob(waitMs?: number, signal?: AbortSignal): Promise<NextJob> {
    this.check('nextJob');
    if (this.pending.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(waitMs ?? 50, 50));
        this.waiters.push(() => (clearTimeout(timer), resolve()));
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    if (signal?.aborted) throw signal.reason;
    const assignment = this.pending.shift() ?? null;
    if (assignment) this.queued = false;
    return { assignment, queue: this.queue() };
  }
  async heartbeat(runId: string, _heartbeat: Heartbeat): Promise<Run> {
    this.check(`heartbeat:${runId}`);
    return this.runs.get(runId)!;
  }
  async run(runId: string): Promise<Run> {
    this.check(`run:${runId}`);
    const run = this.runs.get(runId);
    if (!run) throw new GridError('refused', 'not_found', 'no such run', 404);
    return run;
  }
  async job(jobId: string): Promise<Job> {
    this.check(`job:${jobId}`);
    const job = this.jobs.get(jobId);
    if (!job) throw new GridError('refused', 'not_found', 'no such job', 404);
    return job;
  }
  async endRun(runId: string, end: RunEnd): Promise<RunClosed> {
    this.check(end.kind === 'finish' ? `finish:${runId}` : end.kind === 'quit' ? `quit:${runId}:${end.body.reason}` : `fail:${runId}:${end.body.fault}:${end.body.reason}`);
    const run = this.runs.get(runId);
    if (!run) throw new GridError('refused', 'not_found', 'no such run', 404);
    if (run.state !== 'running') throw new GridError('refused', 'run_closed', `Run ${runId} is closed.`, 409);
    this.ends.push({ runId, ...end });
    if (end.kind !== 'quit') this.finished.set(runId, end.body.results);
    const outcome = end.kind === 'finish' ? 'finished' : end.kind === 'quit' ? 'quit' : 'failed';
    return this.close(runId, outcome, end.body.endedAt, end.kind === 'fail' && end.body.fault === 'host');
  }

  /** Every earning the grid closed, newest last. */
  readonly earnings: Earning[] = [];

  /** Pays to the end the host reports (or now), nothing for a failure of the host. */
  private close(runId: string, outcome: Earning['outcome'], reportedEnd: string | undefined, unpaid: boolean): RunClosed {
    const run = this.runs.get(runId)!;
    const endedAt = new Date(Math.min(this.now(), reportedEnd ? Date.parse(reportedEnd) : Infinity)).toISOString();
    const closed: Run = { ...run, state: outcome, endedAt };
    this.runs.set(runId, closed);
    const secondsRun = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(run.startedAt)) / 1000));
    const secondsPaid = unpaid ? 0 : secondsRun;
    const earning: Earning = {
      runId,
      jobId: run.jobId,
      market: 'nvidia-3060',
      outcome,
      startedAt: run.startedAt,
      endedAt,
      secondsRun,
      secondsPaid,
      pricePerSecond: 10,
      amount: secondsPaid * 10,
      status: 'pending',
      settledAt: null,
    };
    this.earnings.push(earning);
    return { run: closed, earning, repeated: false };
  }
}

/** The outbox port in memory: what a test can look into, and the same order and bookkeeping as the durable ones. */
export class MemoryOutbox implements Outbox {
  readonly messages: OutboxMessage[] = [];
  private nextId = 1;

  async add(message: { runId: string; kind: OutboxKind; body: unknown }): Promise<OutboxMessage> {
    const added: OutboxMessage = { id: this.nextId++, ...message, createdAt: new Date().toISOString(), attempts: 0, lastError: null };
    this.messages.push(added);
    return added;
  }
  async pending(): Promise<OutboxMessage[]> {
    return [...this.messages].sort((a, b) => a.id - b.id);
  }
  async acknowledge(id: number): Promise<void> {
    const index = this.messages.findIndex((m) => m.id === id);
    if (index >= 0) this.messages.splice(index, 1);
  }
  async failedAttempt(id: number, error: string): Promise<void> {
    const message = this.messages.find((m) => m.id === id);
    if (message) Object.assign(message, { attempts: message.attempts + 1, lastError: error });
  }
}

export class FakeLoopGrid implements LoopGrid {
  url = GRID_URL;
  constructor(readonly gridClient: FakeGridClient = new FakeGridClient()) {}
  async client(): Promise<LoopGridClient> {
    return this.gridClient;
  }
}

/** The ledger's rows in memory, newest first by (endedAt, runId) as the database orders them. */
export class MemoryLedgerStore implements LedgerStore {
  readonly rows = new Map<string, LedgerEntry>();

  page({ limit, before }: { limit: number; before: LedgerCursor | null }): LedgerPage {
    const key = (e: LedgerEntry): LedgerCursor => ({ endedMs: Date.parse(e.endedAt), runId: e.runId });
    const older = (a: LedgerCursor, b: LedgerCursor) => a.endedMs < b.endedMs || (a.endedMs === b.endedMs && a.runId < b.runId);
    const sorted = [...this.rows.values()].sort((a, b) => (older(key(a), key(b)) ? 1 : -1)).filter((e) => before === null || older(key(e), before));
    const entries = sorted.slice(0, limit);
    return { entries, nextBefore: sorted.length > limit ? key(entries.at(-1)!) : null };
  }
  totals(): LedgerTotals {
    const totals = { pending: 0, settled: 0 };
    for (const e of this.rows.values()) totals[e.status] += e.amount;
    return totals;
  }
  put(entry: LedgerEntry): void {
    this.rows.set(entry.runId, { ...entry });
  }
  merge(earnings: readonly Earning[]): void {
    for (const e of earnings) {
      const known = this.rows.get(e.runId);
      this.rows.set(e.runId, { ...e, exitCode: known?.exitCode ?? null, note: known?.note ?? null, energyWh: known?.energyWh ?? null });
    }
  }
  sums(spans: readonly TimeSpan[], estimateWatts: number): SpanSums[] {
    return spans.map(({ startMs, endMs }) => {
      const inSpan = [...this.rows.values()].filter((e) => Date.parse(e.endedAt) >= startMs && Date.parse(e.endedAt) < endMs);
      return {
        gross: inSpan.reduce((sum, e) => sum + e.amount, 0),
        energyWh: inSpan.reduce((sum, e) => sum + (e.energyWh ?? (e.secondsRun * estimateWatts) / 3600), 0),
        jobs: inSpan.length,
      };
    });
  }
}

/** The job in flight in memory. */
export class MemoryRunInFlightStore implements RunInFlightStore {
  constructor(public saved: SavedRun | null = null) {}
  async load() {
    return this.saved;
  }
  async save(run: SavedRun) {
    this.saved = { ...run, opIds: [...run.opIds] };
  }
  async clear() {
    this.saved = null;
  }
}

/** The real ledger over rows in memory, its "remote" the fake grid's earnings. */
export function fakeLedger(grid: FakeGridClient, logger: Logger, events: EventSink, store: LedgerStore = new MemoryLedgerStore()): EarningsLedger {
  return new EarningsLedger(store, logger, {
    fetchRemote: async () => ({ items: grid.earnings, totals: { pending: grid.earnings.reduce((sum, e) => sum + e.amount, 0), settled: 0 } }),
    events,
  });
}

/** The container supervisor's port, faked: each op runs until the test ends it (or it is stopped). */
export class FakeOpRunner implements OpRunner {
  started: JobContainerSpecInput[] = [];
  stopped: string[] = [];
  /** The grace each stop asked for (undefined: the containers' setting). */
  graces: Array<number | undefined> = [];
  /** When set, `run` throws it (an image that cannot be pulled, an engine that is down). */
  failure: Error | null = null;
  private readonly exits = new Map<string, (r: { exitCode: number; oomKilled: boolean }) => void>();

  async run(spec: JobContainerSpecInput) {
    if (this.failure) throw this.failure;
    this.started.push(spec);
    return { exited: new Promise<{ exitCode: number; oomKilled: boolean }>((resolve) => this.exits.set(spec.opId, resolve)) };
  }
  async stop(jobId: string, opId: string, options?: { graceMs?: number }) {
    this.stopped.push(`${jobId}/${opId}`);
    this.graces.push(options?.graceMs);
    this.exits.get(opId)?.({ exitCode: 137, oomKilled: false });
  }
  /** What an op prints, by op id; any other op prints `completion: ok`. */
  readonly output = new Map<string, string[]>();
  logs(_jobId: string, opId: string) {
    return (this.output.get(opId) ?? ['completion: ok']).map((text) => ({ stream: 'stdout' as const, text }));
  }
  /** Volumes made by `container/create-volume` ops and not yet removed. */
  readonly volumes = new Set<string>();
  async createJobVolume(_jobId: string, name: string) {
    this.volumes.add(name);
  }
  async removeJobVolume(name: string) {
    this.volumes.delete(name);
  }
  /** The jobs whose network was removed, in order. */
  readonly networksRemoved: string[] = [];
  async removeJobNetwork(jobId: string) {
    this.networksRemoved.push(jobId);
  }
  /** Ends the op as if its container exited. */
  exit(opId: string, exitCode: number, oomKilled = false) {
    this.exits.get(opId)?.({ exitCode, oomKilled });
  }
}

/** Waits until `check` holds (the host loop runs on its own timers). */
export async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
