import type Database from 'better-sqlite3';
import { payForRun, wholeSecondsBetween } from '../../src/main/core/earnings/pay';
import type { Earning, Earnings } from '../../src/main/core/grid/protocol';
import { toEarning, type EarningRow, type JobRow, type RunRow } from './grid-rows';

/**
 * The grid's earnings book: one row per closed run, paid `price x whole seconds` (capped at the job's timeout),
 * pending until it settles `settleAfterMs` after the run ended. Callers run inside the coordinator's transaction.
 */
export class GridEarnings {
  constructor(
    private readonly sql: (text: string) => Database.Statement,
    private readonly options: { now: () => number; settleAfterMs: number },
  ) {}

  /** A node's latest 500 earnings, newest first, and its pending and settled totals. */
  list(address: string): Earnings {
    const rows = this.sql('SELECT * FROM earnings WHERE address = ? ORDER BY ended_at DESC, rowid DESC LIMIT 500').all(address) as EarningRow[];
    const totals = this.sql(
      `SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN amount END), 0) AS pending,
              COALESCE(SUM(CASE WHEN status = 'settled' THEN amount END), 0) AS settled
       FROM earnings WHERE address = ?`,
    ).get(address) as { pending: number; settled: number };
    return { items: rows.map(toEarning), totals };
  }

  of(runId: string): Earning {
    return toEarning(this.sql('SELECT * FROM earnings WHERE run_id = ?').get(runId) as EarningRow);
  }

  /** Records what a run earned, ended at `endedAt` (nothing paid when `unpaid`: the host's fault). */
  record(run: RunRow, job: JobRow, outcome: Earning['outcome'], endedAt: number, unpaid = false): void {
    const secondsRun = wholeSecondsBetween(run.started_at, endedAt);
    const secondsPaid = unpaid ? 0 : Math.min(secondsRun, job.timeout_seconds);
    this.sql(
      `INSERT INTO earnings (run_id, address, job_id, market, outcome, started_at, ended_at, seconds_run, seconds_paid,
         price_per_second, amount, status, settled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL)`,
    ).run(
      run.id,
      run.address,
      job.id,
      job.market,
      outcome,
      run.started_at,
      endedAt,
      secondsRun,
      secondsPaid,
      job.price_per_second,
      payForRun(job.price_per_second, secondsPaid, job.timeout_seconds),
    );
  }

  /** Settles pending earnings that ended at least `settleAfterMs` ago (all of them with `all`). */
  settle(all = false): number {
    const now = this.options.now();
    const cutoff = all ? Number.MAX_SAFE_INTEGER : now - this.options.settleAfterMs;
    return this.sql(`UPDATE earnings SET status = 'settled', settled_at = ? WHERE status = 'pending' AND ended_at <= ?`).run(now, cutoff).changes;
  }
}
