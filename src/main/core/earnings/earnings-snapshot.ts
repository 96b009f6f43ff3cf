import type { EarningsSnapshot, JobRecord } from '../../../shared/contract/grid';
import type { LedgerEntry, LedgerTotals } from './ledger-entry';

/** One ledger entry as the API shows it: amounts as decimal strings of micro-NOS. */
export function jobRecord(entry: LedgerEntry): JobRecord {
  return {
    runId: entry.runId,
    jobId: entry.jobId,
    market: entry.market,
    outcome: entry.outcome,
    startedAt: entry.startedAt,
    endedAt: entry.endedAt,
    secondsRun: entry.secondsRun,
    secondsPaid: entry.secondsPaid,
    pricePerSecond: String(entry.pricePerSecond),
    gross: String(entry.amount),
    status: entry.status,
    settledAt: entry.settledAt,
    exitCode: entry.exitCode,
    note: entry.note,
  };
}

/** The Earnings page's view of the ledger (contract: earnings.list, earnings.changed). */
export function earningsSnapshot(entries: LedgerEntry[], totals: LedgerTotals, problem: string | null): EarningsSnapshot {
  return {
    entries: entries.map(jobRecord),
    totals: { pending: String(totals.pending), settled: String(totals.settled) },
    problem,
  };
}
