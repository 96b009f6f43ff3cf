import type { EarningsSnapshot, GridSnapshot, JobRecord, JobsSnapshot } from '../../../shared/contract/grid';
import type { LedgerEntry, LedgerTotals } from '../earnings/earnings-ledger';
import type { GridActivity } from './host-loop-driver';
import { GRID_TERMS } from './grid-terms';
import { GRID_TERMS_VERSION } from './protocol';

/** The API's view of the grid side (contract: grid.snapshot). */
export function gridSnapshot(gridUrl: string, activity: GridActivity): GridSnapshot {
  const e = activity.enrollment;
  return {
    gridUrl,
    termsVersion: GRID_TERMS_VERSION,
    terms: [...GRID_TERMS],
    enrollment: e
      ? e.status === 'unenrolled'
        ? { status: 'unenrolled', market: null, reason: null, enrolledAt: null, reviewedAt: null }
        : { status: e.status, market: e.market, reason: e.reason, enrolledAt: e.enrolledAt, reviewedAt: e.reviewedAt }
      : null,
    queue: activity.queue,
    job: activity.job ? { ...activity.job, pricePerSecond: String(activity.job.pricePerSecond) } : null,
    problem: activity.problem,
  };
}

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

export function jobsSnapshot(activity: GridActivity, entries: LedgerEntry[]): JobsSnapshot {
  return {
    current: activity.job ? { ...activity.job, pricePerSecond: String(activity.job.pricePerSecond) } : null,
    history: entries.map(jobRecord),
  };
}

export function earningsSnapshot(entries: LedgerEntry[], totals: LedgerTotals, problem: string | null): EarningsSnapshot {
  return {
    entries: entries.map(jobRecord),
    totals: { pending: String(totals.pending), settled: String(totals.settled) },
    problem,
  };
}
