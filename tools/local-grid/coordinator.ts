import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { paidUntil } from '../../src/main/core/earnings/pay';
import {
  HEARTBEAT_INTERVAL_MS,
  type Assignment,
  type Earnings,
  type Enrollment,
  type FailRun,
  type Heartbeat,
  type Job,
  type Market,
  type NodeStatus,
  type QueueStatus,
  type Run,
  type RunClosed,
  type RunResults,
} from '../../src/main/core/grid/protocol';
import { MAX_JOB_TIMEOUT_SECONDS } from '../../src/main/core/grid/protocol';
import { reviewEnrollment, type ReviewPolicy } from './enrollment-review';
import { GpuVerification, type VerificationJobOptions } from './gpu-verification';
import type { GridDatabase } from './grid-database';
import { GridEarnings } from './grid-earnings';
import { GridHttpError } from './grid-http-error';
import { toJob, toNodeStatus, toRun, type JobRow, type NodeRow, type RunRow } from './grid-rows';
import type { MarketConfig } from './market-config';

export interface CoordinatorOptions {
  now: () => number;
  review: Omit<ReviewPolicy, 'markets'>;
  /** A running job with no heartbeat for this long expires (paid up to its last heartbeat). */
  heartbeatTimeoutMs: number;
  /** A queued node that has not polled for this long leaves the queue. */
  queueStaleMs: number;
  /** Pending earnings settle this long after the run ended. */
  settleAfterMs: number;
  /** The job that verifies a node's GPU before it is onboarded in a GPU market. */
  verification: VerificationJobOptions;
  /** The longest a host may go between heartbeats; pay reaches at most this far past the last one (default 30 s). */
  heartbeatIntervalMs?: number;
}

/**
 * The grid's rules over its SQLite state: enrollment and review, the queue of each market, assignment of
 * posted jobs to queued nodes (first come, first served), runs, pay and settlement. Every method is
 * synchronous and callers run it inside a transaction, so a refused request leaves nothing behind.
 */
export class Coordinator {
  private readonly assignedListeners = new Set<(address: string) => void>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly verification: GpuVerification;
  private readonly book: GridEarnings;

  constructor(
    private readonly db: GridDatabase,
    private readonly options: CoordinatorOptions,
  ) {
    this.verification = new GpuVerification(db, options.verification, options.now);
    this.book = new GridEarnings((text) => this.sql(text), options);
  }

  /** Creates or updates the markets this grid offers. */
  configureMarkets(markets: readonly MarketConfig[]): void {
    const tooLong = markets.find((m) => m.jobTimeoutSeconds > MAX_JOB_TIMEOUT_SECONDS);
    if (tooLong) throw new Error(`Market ${tooLong.slug}: a job timeout is at most ${MAX_JOB_TIMEOUT_SECONDS} s (7 days), not ${tooLong.jobTimeoutSeconds}.`);
    const upsert = this.sql(
      `INSERT INTO markets (slug, name, price_per_second, job_timeout_seconds) VALUES (@slug, @name, @pricePerSecond, @jobTimeoutSeconds)
       ON CONFLICT (slug) DO UPDATE SET name = excluded.name, price_per_second = excluded.price_per_second,
         job_timeout_seconds = excluded.job_timeout_seconds`,
    );
    this.db.transaction(() => markets.forEach((m) => upsert.run(m)))();
  }

  /** Called with a node's address when a job is assigned to it (wakes its long poll). */
  onAssigned(listener: (address: string) => void): () => void {
    this.assignedListeners.add(listener);
    return () => this.assignedListeners.delete(listener);
  }

  markets(): Market[] {
    const rows = this.db
      .prepare(
        `SELECT m.slug, m.name, m.price_per_second, m.job_timeout_seconds,
           (SELECT COUNT(*) FROM queue q WHERE q.market = m.slug) AS queue_length,
           (SELECT COUNT(*) FROM jobs j WHERE j.market = m.slug AND j.state = 'pending') AS pending_jobs
         FROM markets m ORDER BY m.slug`,
      )
      .all() as { slug: string; name: string; price_per_second: number; job_timeout_seconds: number; queue_length: number; pending_jobs: number }[];
    return rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      pricePerSecond: r.price_per_second,
      jobTimeoutSeconds: r.job_timeout_seconds,
      queueLength: r.queue_length,
      pendingJobs: r.pending_jobs,
    }));
  }

  marketSlugs(): Set<string> {
    return new Set((this.sql('SELECT slug FROM markets').all() as { slug: string }[]).map((r) => r.slug));
  }

  isKnownNode(address: string): boolean {
    return this.nodeRow(address) !== null;
  }

  enroll(address: string, enrollment: Enrollment): NodeStatus {
    const existing = this.nodeRow(address);
    if (existing?.status === 'onboarded') return toNodeStatus(existing);
    const now = this.options.now();
    const reviewed = reviewEnrollment(enrollment.benchmark, { ...this.options.review, markets: this.marketSlugs() });
    // An operator's rejection is never undone by the machine itself: a new enrollment asks for another review.
    // A GPU market takes a node only once a verification job measured the GPU it claims (gpu-verification.ts).
    const decision =
      existing?.status === 'rejected' && reviewed.status === 'onboarded'
        ? { ...reviewed, status: 'waitlisted' as const, verifyIn: null, reason: `Waitlisted: this machine was rejected before (${existing.reason ?? 'no reason given'}); an operator reviews it again.` }
        : this.verification.review(reviewed, enrollment.benchmark, this.options.review.cpuMarket);
    this.db
      .prepare(
        `INSERT INTO nodes (address, status, market, reason, contact_email, terms_version, benchmark_json, enrolled_at, reviewed_at)
         VALUES (@address, @status, @market, @reason, @email, @terms, @benchmark, @now, @now)
         ON CONFLICT (address) DO UPDATE SET status = excluded.status, market = excluded.market, reason = excluded.reason,
           contact_email = excluded.contact_email, terms_version = excluded.terms_version,
           benchmark_json = excluded.benchmark_json, reviewed_at = excluded.reviewed_at`,
      )
      .run({
        address,
        status: decision.status,
        market: decision.market,
        reason: decision.reason,
        email: enrollment.contact?.email ?? null,
        terms: enrollment.termsVersion,
        benchmark: JSON.stringify(enrollment.benchmark),
        now,
      });
    this.verification.begin(address, decision.verifyIn);
    return this.nodeStatus(address);
  }

  /** The review status; for a node being verified, with its verification job (posted now if none is running). */
  nodeStatus(address: string): NodeStatus {
    const node = this.requireNode(address);
    return toNodeStatus(node, this.verification.current(address, (job) => this.postJob({ ...job, pricePerSecond: 0, assignTo: address })));
  }

  /** Operator: onboard a node, in its candidate market or the one given. */
  approve(address: string, market?: string): NodeStatus {
    const node = this.requireNode(address);
    const slug = market ?? node.market;
    if (!slug || !this.marketSlugs().has(slug)) {
      throw new GridHttpError(400, 'unknown_market', `No market "${slug ?? ''}" to place ${address} in; name one of: ${[...this.marketSlugs()].join(', ')}.`);
    }
    this.verification.cancel(address);
    this.db
      .prepare(`UPDATE nodes SET status = 'onboarded', market = ?, reason = NULL, reviewed_at = ? WHERE address = ?`)
      .run(slug, this.options.now(), address);
    return this.nodeStatus(address);
  }

  /** Operator: reject a node with a reason the owner will read. */
  reject(address: string, reason: string): NodeStatus {
    this.requireNode(address);
    this.verification.cancel(address);
    this.sql('DELETE FROM queue WHERE address = ?').run(address);
    this.db
      .prepare(`UPDATE nodes SET status = 'rejected', reason = ?, reviewed_at = ? WHERE address = ?`)
      .run(reason, this.options.now(), address);
    return this.nodeStatus(address);
  }

  requireOnboarded(address: string): NodeRow & { market: string } {
    const node = this.requireNode(address);
    if (node.status !== 'onboarded' || !node.market) {
      throw new GridHttpError(403, 'not_onboarded', `The node is ${node.status}${node.reason ? ` (${node.reason})` : ''}; only onboarded nodes may queue and run jobs.`);
    }
    return { ...node, market: node.market };
  }

  joinQueue(address: string): QueueStatus {
    const node = this.requireOnboarded(address);
    if (this.activeRunRow(address)) {
      throw new GridHttpError(409, 'run_in_progress', 'The node has a job running; finish or quit it before joining the queue again.');
    }
    const now = this.options.now();
    const inserted = this.db
      .prepare(
        `INSERT INTO queue (address, market, seq, joined_at, last_seen_at)
         VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM queue), ?, ?)
         ON CONFLICT (address) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
      )
      .run(address, node.market, now, now);
    if (inserted.changes > 0) this.assignJobs(node.market);
    return this.queueStatus(address);
  }

  leaveQueue(address: string): QueueStatus {
    this.requireOnboarded(address);
    this.sql('DELETE FROM queue WHERE address = ?').run(address);
    return this.queueStatus(address);
  }

  queueStatus(address: string): QueueStatus {
    const node = this.requireOnboarded(address);
    const entry = this.sql('SELECT seq FROM queue WHERE address = ?').get(address) as { seq: number } | undefined;
    const length = (this.sql('SELECT COUNT(*) AS n FROM queue WHERE market = ?').get(node.market) as { n: number }).n;
    const position = entry
      ? (this.sql('SELECT COUNT(*) AS n FROM queue WHERE market = ? AND seq <= ?').get(node.market, entry.seq) as { n: number }).n
      : null;
    return { market: node.market, queued: entry !== undefined, position, queueLength: length };
  }

  /** Marks a queued node as still there (its long poll). */
  touchQueue(address: string): void {
    this.sql('UPDATE queue SET last_seen_at = ? WHERE address = ?').run(this.options.now(), address);
  }

  /** The node's running job, if any: what a long poll hands out (again, after a host restart). */
  activeAssignment(address: string): Assignment | null {
    const run = this.activeRunRow(address);
    if (!run) return null;
    return { job: toJob(this.jobRow(run.job_id)), run: this.runOf(run) };
  }

  /** Posts a job to a market's queue, or straight to one node with `assignTo` (a verification job). */
  postJob(input: { market: string; definition: unknown; pricePerSecond?: number; timeoutSeconds?: number; assignTo?: string }): Job {
    const market = this.sql('SELECT * FROM markets WHERE slug = ?').get(input.market) as
      | { price_per_second: number; job_timeout_seconds: number }
      | undefined;
    if (!market) throw new GridHttpError(400, 'unknown_market', `No market "${input.market}" on this grid.`);
    const timeoutSeconds = input.timeoutSeconds ?? market.job_timeout_seconds;
    if (timeoutSeconds > market.job_timeout_seconds) {
      throw new GridHttpError(400, 'timeout_too_long', `A job in ${input.market} may run at most ${market.job_timeout_seconds} s; ${timeoutSeconds} s was asked.`);
    }
    const id = `job-${randomUUID()}`;
    this.db
      .prepare(
        `INSERT INTO jobs (id, market, definition_json, price_per_second, timeout_seconds, posted_at, state)
         VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
      )
      .run(
        id,
        input.market,
        JSON.stringify(input.definition),
        input.pricePerSecond ?? market.price_per_second,
        timeoutSeconds,
        this.options.now(),
      );
    if (input.assignTo) this.startRun(id, input.assignTo);
    else this.assignJobs(input.market);
    return toJob(this.jobRow(id));
  }

  /** Pairs the oldest pending jobs with the longest-queued nodes of a market. */
  assignJobs(market: string): void {
    const assigned: string[] = [];
    for (;;) {
      const job = this.db
        .prepare(`SELECT id FROM jobs WHERE market = ? AND state = 'pending' ORDER BY posted_at, rowid LIMIT 1`)
        .get(market) as { id: string } | undefined;
      const node = this.sql('SELECT address FROM queue WHERE market = ? ORDER BY seq LIMIT 1').get(market) as
        | { address: string }
        | undefined;
      if (!job || !node) break;
      this.sql('DELETE FROM queue WHERE address = ?').run(node.address);
      this.startRun(job.id, node.address);
      assigned.push(node.address);
    }
    // Listeners wake long polls; they read state after this transaction commits (next tick).
    for (const address of assigned) queueMicrotask(() => this.assignedListeners.forEach((l) => l(address)));
  }

  /** Assigns a pending job to a node: its run starts (and the grid's clock for pay) now. */
  private startRun(jobId: string, address: string): void {
    const now = this.options.now();
    this.sql(`UPDATE jobs SET state = 'assigned' WHERE id = ?`).run(jobId);
    const insert = `INSERT INTO runs (id, job_id, address, state, phase, started_at, last_heartbeat_at) VALUES (?, ?, ?, 'running', NULL, ?, ?)`;
    this.sql(insert).run(`run-${randomUUID()}`, jobId, address, now, now);
  }

  job(jobId: string, address: string): Job {
    const run = this.sql('SELECT address FROM runs WHERE job_id = ?').get(jobId) as { address: string } | undefined;
    if (!run || run.address !== address) throw new GridHttpError(404, 'not_found', `No job ${jobId} is assigned to this node.`);
    return toJob(this.jobRow(jobId));
  }

  run(runId: string, address: string): Run {
    return this.runOf(this.ownRun(runId, address));
  }

  heartbeat(runId: string, address: string, heartbeat: Heartbeat): Run {
    const run = this.ownRun(runId, address);
    if (run.state !== 'running') throw this.closedError(run);
    this.sql('UPDATE runs SET last_heartbeat_at = ?, phase = ? WHERE id = ?').run(this.options.now(), heartbeat.phase, runId);
    return this.run(runId, address);
  }

  finish(runId: string, address: string, results: RunResults, endedAt?: string): RunClosed {
    const closed = this.close(runId, address, 'finished', endedAt, (end) =>
      this.sql(`UPDATE runs SET state = 'finished', ended_at = ?, results_json = ? WHERE id = ?`).run(end, JSON.stringify(results), runId),
    );
    this.review(closed, runId, results);
    return closed;
  }

  /** A verification job's results decide the node's review: onboarded, rejected, or left waitlisted. */
  private review(closed: RunClosed, runId: string, results: RunResults): void {
    const verdict = closed.repeated ? null : this.verification.judge(runId, results);
    if (verdict?.outcome === 'matches') this.approve(verdict.address, verdict.market);
    else if (verdict?.outcome === 'mismatch') this.reject(verdict.address, `Rejected: ${verdict.reason}.`);
    else if (verdict) this.sql('UPDATE nodes SET reason = ?, reviewed_at = ? WHERE address = ?').run(`Waitlisted: ${verdict.reason}.`, this.options.now(), verdict.address);
  }

  quit(runId: string, address: string, reason: string, endedAt?: string): RunClosed {
    return this.close(runId, address, 'quit', endedAt, (end) =>
      this.sql(`UPDATE runs SET state = 'quit', ended_at = ?, quit_reason = ? WHERE id = ?`).run(end, reason, runId),
    );
  }

  /** A run that did not reach its end: paid for the seconds run when the job failed, nothing when the host did. */
  fail(runId: string, address: string, failure: FailRun): RunClosed {
    const closed = this.close(runId, address, 'failed', failure.endedAt, (end) =>
      this.sql(`UPDATE runs SET state = 'failed', ended_at = ?, results_json = ?, fail_reason = ?, fault = ? WHERE id = ?`).run(
        end,
        JSON.stringify(failure.results),
        failure.reason,
        failure.fault,
        runId,
      ),
    failure.fault === 'host');
    // A verification job that failed leaves the node waitlisted with the cause (the verdict reads the results).
    this.review(closed, runId, failure.results);
    return closed;
  }

  earnings(address: string): Earnings {
    this.requireNode(address);
    return this.book.list(address);
  }

  /** Settles pending earnings that ended at least `settleAfterMs` ago (all of them with `all`). */
  settle(all = false): number {
    return this.book.settle(all);
  }

  /** Housekeeping: expire silent runs, drop silent queue entries, settle due earnings, forget old signatures. */
  sweep(): void {
    const now = this.options.now();
    const silent = this.db
      .prepare(`SELECT * FROM runs WHERE state = 'running' AND last_heartbeat_at < ?`)
      .all(now - this.options.heartbeatTimeoutMs) as RunRow[];
    for (const run of silent) {
      // Paid up to the last sign of life, not up to now.
      this.sql(`UPDATE runs SET state = 'expired', ended_at = ? WHERE id = ?`).run(run.last_heartbeat_at, run.id);
      this.book.record(run, this.jobRow(run.job_id), 'expired', run.last_heartbeat_at);
    }
    this.sql('DELETE FROM queue WHERE last_seen_at < ?').run(now - this.options.queueStaleMs);
    this.settle();
    this.sql('DELETE FROM seen_signatures WHERE expires_at < ?').run(now);
  }

  /** Closes a running run once, paid up to the instant of the pay rule (docs/grid-protocol.md, "Pay"). */
  private close(
    runId: string,
    address: string,
    outcome: 'finished' | 'quit' | 'failed',
    reportedEnd: string | undefined,
    mark: (end: number) => void,
    unpaid = false,
  ): RunClosed {
    const run = this.ownRun(runId, address);
    if (run.state === outcome) {
      return { run: this.runOf(run), earning: this.book.of(runId), repeated: true };
    }
    if (run.state !== 'running') throw this.closedError(run);
    const end = paidUntil({
      startedAt: run.started_at,
      deadline: run.started_at + this.jobRow(run.job_id).timeout_seconds * 1000,
      lastHeardAt: run.last_heartbeat_at,
      receivedAt: this.options.now(),
      reportedEndAt: reportedEnd === undefined ? null : Date.parse(reportedEnd),
      heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS,
    });
    mark(end);
    this.book.record(this.runRow(runId), this.jobRow(run.job_id), outcome, end, unpaid);
    return { run: this.runOf(this.runRow(runId)), earning: this.book.of(runId), repeated: false };
  }

  private closedError(run: RunRow): GridHttpError {
    const why = run.state === 'expired' ? 'it expired after its heartbeats stopped' : `it was already ${run.state}`;
    return new GridHttpError(409, 'run_closed', `Run ${run.id} is closed: ${why}. It was paid once; nothing more to do.`);
  }

  /** A prepared statement, prepared once per text (preparing costs more than most of these queries). */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private nodeRow(address: string): NodeRow | null {
    return (this.sql('SELECT * FROM nodes WHERE address = ?').get(address) as NodeRow | undefined) ?? null;
  }

  private requireNode(address: string): NodeRow {
    const node = this.nodeRow(address);
    if (!node) throw new GridHttpError(403, 'unknown_node', `${address} is not enrolled on this grid; enroll it first (POST /v1/node).`);
    return node;
  }

  private activeRunRow(address: string): RunRow | null {
    return (this.sql(`SELECT * FROM runs WHERE address = ? AND state = 'running' ORDER BY started_at DESC LIMIT 1`).get(address) as RunRow | undefined) ?? null;
  }

  private runRow(runId: string): RunRow {
    return this.sql('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow;
  }

  private ownRun(runId: string, address: string): RunRow {
    const run = this.sql('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (!run || run.address !== address) throw new GridHttpError(404, 'not_found', `No run ${runId} belongs to this node.`);
    return run;
  }

  private jobRow(jobId: string): JobRow {
    return this.sql('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow;
  }

  private runOf(row: RunRow): Run {
    return toRun(row, this.jobRow(row.job_id));
  }

}
