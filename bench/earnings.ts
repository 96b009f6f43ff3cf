import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_DATABASE_FILE, openHostStores } from '../src/main/adapters/sqlite/host-stores';
import { LEDGER_SPAN_SUMS_SQL } from '../src/main/adapters/sqlite/sqlite-ledger-store';
import { lastPeriods, totalSpans } from '../src/main/core/earnings/calendar';
import { EarningsReports } from '../src/main/core/earnings/earnings-reports';
import type { LedgerEntry } from '../src/main/core/earnings/ledger-entry';
import type { Logger } from '../src/main/core/ports';
import { p95Pair, printPairs } from './ledger';
import { runWhenMain } from './support/run-when-main';

const JOBS = Number(process.env.BENCH_EARNINGS_JOBS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_EARNINGS_SAMPLES ?? 100);
/** The ledger spans 400 days up to now: every series (30 days, 12 weeks, 12 months) has rows in it. */
const SPAN_MS = 400 * 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function job(n: number): LedgerEntry {
  const ended = NOW - SPAN_MS + Math.floor((n * SPAN_MS) / JOBS);
  return {
    runId: `run-${n.toString(36).padStart(6, '0')}`,
    jobId: `job-${n.toString(36).padStart(6, '0')}`,
    market: 'nvidia-3060',
    outcome: 'finished',
    startedAt: new Date(ended - 45_000).toISOString(),
    endedAt: new Date(ended).toISOString(),
    secondsRun: 45,
    secondsPaid: 45,
    pricePerSecond: 85 + (n % 20),
    amount: 45 * (85 + (n % 20)),
    status: 'settled',
    settledAt: new Date(ended + 60_000).toISOString(),
    exitCode: 0,
    note: null,
    energyWh: n % 4 === 0 ? null : 2 + (n % 7) / 10,
  };
}

/**
 * `earnings.report` without the grid (no market: no projection) over a ledger of 100,000 jobs in a real SQLite
 * file: the totals for today, 7 and 30 days and the day, week and month series, with electricity and net. Beside
 * it, in the same run on the same file: the bare SQL a report needs at least (one GROUP BY over the local date
 * for the 12 months), and the report's own span query run bare. Target: p95 under 2x the bare SQL, under 50 ms.
 */
export async function run(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'gridhost-bench-earnings-'));
  const stores = openHostStores(dir, silent);
  const db = new Database(join(dir, HOST_DATABASE_FILE), { readonly: true });
  try {
    stores.ledger.merge(Array.from({ length: JOBS }, (_, n) => job(n)));
    for (let n = 0; n < JOBS; n += 4) stores.ledger.recordEnergy(job(n).runId, 2.5);
    const reports = new EarningsReports({
      store: stores.ledger,
      availability: stores.availability,
      prices: () => ({ currency: 'EUR', electricityPricePerKwh: 0.3, machineWatts: 150, nosPrice: 0.5 }),
      market: () => null,
      grid: () => Promise.reject(new Error('no grid in the benchmark')),
      clock: { now: () => NOW },
      logger: silent,
    });
    const yearAgo = lastPeriods(NOW, 'month', 12)[0]!.startMs;
    const byLocalDay = db.prepare(
      `SELECT date(ended_ms / 1000, 'unixepoch', 'localtime') AS day, SUM(amount), SUM(COALESCE(energy_wh, seconds_run * 150 / 3600.0)), COUNT(*)
       FROM ledger WHERE ended_ms >= ? GROUP BY day`,
    );
    const spanSums = db.prepare(LEDGER_SPAN_SUMS_SQL);
    const t = totalSpans(NOW);
    const spans = [t.today, t.last7Days, t.last30Days, ...lastPeriods(NOW, 'day', 30), ...lastPeriods(NOW, 'week', 12), ...lastPeriods(NOW, 'month', 12)];
    const report = await reports.report();
    const rows = [
      { query: 'earnings.report vs GROUP BY local day', ...(await p95Pair(() => reports.report(), () => byLocalDay.all(yearAgo), SAMPLES)) },
      { query: 'earnings.report vs its span SQL bare (57 spans)', ...(await p95Pair(() => reports.report(), () => spans.map((s) => spanSums.get({ lo: s.startMs, hi: s.endMs, watts: 150 })), SAMPLES)) },
    ];
    const met = printPairs(rows);
    console.log(`(${JOBS} jobs over 400 days; last 30 days: ${report.totals.last30Days.jobs} jobs, gross ${report.totals.last30Days.gross} micro-NOS)`);
    return met;
  } finally {
    db.close();
    stores.close();
    await rm(dir, { recursive: true, force: true });
  }
}

runWhenMain(__filename, run);
