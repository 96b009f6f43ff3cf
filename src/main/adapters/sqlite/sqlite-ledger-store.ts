import type Database from 'better-sqlite3';
import type { LedgerEntry, LedgerTotals } from '../../core/earnings/ledger-entry';
import type { LedgerCursor, LedgerPage, LedgerStore, SpanSums, TimeSpan } from '../../core/earnings/ports';
import type { Earning } from '../../core/grid/protocol';

interface LedgerRow {
  run_id: string;
  job_id: string;
  market: string;
  outcome: string;
  started_at: string;
  ended_at: string;
  ended_ms: number;
  seconds_run: number;
  seconds_paid: number;
  price_per_second: number;
  amount: number;
  status: string;
  settled_at: string | null;
  exit_code: number | null;
  note: string | null;
  energy_wh: number | null;
}

const COLUMNS = 'run_id, job_id, market, outcome, started_at, ended_at, ended_ms, seconds_run, seconds_paid, price_per_second, amount, status, settled_at, exit_code, note, energy_wh';

/** The Jobs and Earnings pages' query: a page of the ledger, newest first, by the `ledger_newest` index. */
export const LEDGER_NEWEST_SQL = `SELECT ${COLUMNS} FROM ledger ORDER BY ended_ms DESC, run_id DESC LIMIT ?`;
/** The same, for the page after a cursor. */
export const LEDGER_OLDER_SQL = `SELECT ${COLUMNS} FROM ledger WHERE (ended_ms, run_id) < (?, ?) ORDER BY ended_ms DESC, run_id DESC LIMIT ?`;
/** Pending versus settled, from the sums the ledger's triggers keep (`ledger_totals`). */
export const LEDGER_TOTALS_SQL = 'SELECT status, amount FROM ledger_totals';
/**
 * Gross, energy and jobs in a span [lo, hi) of `ended_ms`: the quarter-hour sums the ledger's triggers keep (`ledger_quarters`), a range of its primary key. A
 * span starts on a quarter hour (a local midnight); its end is rounded up to one. Energy not measured counts the
 * estimate's watts (`?`) over its seconds run.
 */
export const LEDGER_SPAN_SUMS_SQL = `
  SELECT COALESCE(SUM(gross), 0) AS gross, COALESCE(SUM(energy_wh + unmeasured_seconds * :watts / 3600.0), 0) AS energy_wh, COALESCE(SUM(jobs), 0) AS jobs
  FROM ledger_quarters WHERE quarter >= :lo / 900000 AND quarter < (:hi + 899999) / 900000`;

/** The grid's columns of an earning, as named parameters; the host's (exit code, note) are added by the caller. */
function gridColumns(e: Earning) {
  return {
    run_id: e.runId,
    job_id: e.jobId,
    market: e.market,
    outcome: e.outcome,
    started_at: e.startedAt,
    ended_at: e.endedAt,
    ended_ms: Date.parse(e.endedAt),
    seconds_run: e.secondsRun,
    seconds_paid: e.secondsPaid,
    price_per_second: e.pricePerSecond,
    amount: e.amount,
    status: e.status,
    settled_at: e.settledAt,
  };
}

/** The grid's columns of a row, set from the row being inserted (`excluded`). */
const GRID_UPDATES = COLUMNS.split(', ')
  .filter((c) => c !== 'run_id' && c !== 'exit_code' && c !== 'note' && c !== 'energy_wh')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

const VALUES = ':run_id, :job_id, :market, :outcome, :started_at, :ended_at, :ended_ms, :seconds_run, :seconds_paid, :price_per_second, :amount, :status, :settled_at';

/** The earnings ledger (and job history: the same rows) in the host database's `ledger` table. */
export class SqliteLedgerStore implements LedgerStore {
  private readonly newest: Database.Statement<[number], LedgerRow>;
  private readonly older: Database.Statement<[number, string, number], LedgerRow>;
  private readonly totalsBy: Database.Statement<[], { status: string; amount: number }>;
  private readonly spanSums: Database.Statement<[{ lo: number; hi: number; watts: number }], { gross: number; energy_wh: number; jobs: number }>;
  private readonly upsert: Database.Statement;
  private readonly energy: (runId: string, energyWh: number) => void;
  private readonly mergeOne: Database.Statement;
  private readonly mergeAll: (earnings: readonly Earning[]) => void;

  constructor(db: Database.Database) {
    this.newest = db.prepare(LEDGER_NEWEST_SQL);
    this.older = db.prepare(LEDGER_OLDER_SQL);
    this.totalsBy = db.prepare(LEDGER_TOTALS_SQL);
    this.spanSums = db.prepare(LEDGER_SPAN_SUMS_SQL);
    // An upsert, not INSERT OR REPLACE: a replace deletes without firing the triggers that keep the totals.
    this.upsert = db.prepare(
      `INSERT INTO ledger (${COLUMNS}) VALUES (${VALUES}, :exit_code, :note, :energy_wh)
       ON CONFLICT (run_id) DO UPDATE SET ${GRID_UPDATES}, exit_code = excluded.exit_code, note = excluded.note,
         energy_wh = COALESCE(excluded.energy_wh, energy_wh)`,
    );
    // The grid's columns replace ours; the host's exit code and note stay as they were.
    this.mergeOne = db.prepare(
      `INSERT INTO ledger (${COLUMNS}) VALUES (${VALUES}, NULL, NULL, NULL) ON CONFLICT (run_id) DO UPDATE SET ${GRID_UPDATES}`,
    );
    const keepEnergy = db.prepare('INSERT INTO run_energy (run_id, energy_wh) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET energy_wh = excluded.energy_wh');
    const setEnergy = db.prepare('UPDATE ledger SET energy_wh = ? WHERE run_id = ?');
    this.energy = db.transaction((runId: string, energyWh: number) => {
      keepEnergy.run(runId, energyWh);
      setEnergy.run(energyWh, runId);
    });
    this.mergeAll = db.transaction((earnings: readonly Earning[]) => {
      for (const earning of earnings) this.mergeOne.run(gridColumns(earning));
    });
  }

  page({ limit, before }: { limit: number; before: LedgerCursor | null }): LedgerPage {
    // One row more than asked says whether an older page exists.
    const rows = before ? this.older.all(before.endedMs, before.runId, limit + 1) : this.newest.all(limit + 1);
    const entries = rows.slice(0, limit).map(entryOf);
    const last = rows.length > limit ? rows[limit - 1]! : null;
    return { entries, nextBefore: last ? { endedMs: last.ended_ms, runId: last.run_id } : null };
  }

  totals(): LedgerTotals {
    const totals: LedgerTotals = { pending: 0, settled: 0 };
    for (const row of this.totalsBy.all()) {
      if (row.status === 'pending') totals.pending += row.amount;
      else totals.settled += row.amount;
    }
    return totals;
  }

  put(entry: LedgerEntry): void {
    this.upsert.run({ ...gridColumns(entry), exit_code: entry.exitCode, note: entry.note, energy_wh: entry.energyWh ?? null });
  }

  sums(spans: readonly TimeSpan[], estimateWatts: number): SpanSums[] {
    return spans.map(({ startMs, endMs }) => {
      const r = this.spanSums.get({ lo: startMs, hi: endMs, watts: estimateWatts })!;
      return { gross: r.gross, energyWh: r.energy_wh, jobs: r.jobs };
    });
  }

  merge(earnings: readonly Earning[]): void {
    this.mergeAll(earnings);
  }

  /** A run's measured energy: on its row now, or on the row when the run's end is recorded. */
  recordEnergy(runId: string, energyWh: number): void {
    this.energy(runId, energyWh);
  }
}

function entryOf(row: LedgerRow): LedgerEntry {
  return {
    runId: row.run_id,
    jobId: row.job_id,
    market: row.market,
    outcome: row.outcome as LedgerEntry['outcome'],
    startedAt: row.started_at,
    endedAt: row.ended_at,
    secondsRun: row.seconds_run,
    secondsPaid: row.seconds_paid,
    pricePerSecond: row.price_per_second,
    amount: row.amount,
    status: row.status as LedgerEntry['status'],
    settledAt: row.settled_at,
    exitCode: row.exit_code,
    note: row.note,
    energyWh: row.energy_wh,
  };
}
