import type { EarningsSnapshot, JobRecord } from '../../../shared/contract/grid';
import { encodeCursor } from './ledger-cursor';
import type { LedgerEntry, LedgerTotals } from './ledger-entry';
import type { LedgerPage } from './ports';

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

/** Where the next older page starts, as the API carries it. */
export function nextBefore(page: LedgerPage): string | null {
  return page.nextBefore ? encodeCursor(page.nextBefore) : null;
}

/** The Earnings page's view of one page of the ledger (contract: earnings.list, earnings.changed). */
export function earningsSnapshot(page: LedgerPage, totals: LedgerTotals, problem: string | null): EarningsSnapshot {
  return {
    entries: page.entries.map(jobRecord),
    nextBefore: nextBefore(page),
    totals: { pending: String(totals.pending), settled: String(totals.settled) },
    problem,
  };
}
