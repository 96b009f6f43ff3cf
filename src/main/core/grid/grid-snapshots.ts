import type { GridSnapshot, JobsSnapshot } from '../../../shared/contract/grid';
import { jobRecord, nextBefore } from '../earnings/earnings-snapshot';
import type { LedgerPage } from '../earnings/ports';
import type { EnrollmentStatus } from './enrollment-service';
import { GRID_TERMS } from './grid-terms';
import { GRID_TERMS_VERSION, type QueueStatus } from './protocol';

/** What the grid side of the host is doing, for the Test Grid and Jobs pages. */
export interface GridActivity {
  enrollment: EnrollmentStatus | null;
  queue: QueueStatus | null;
  /** The job being run now, or null. */
  job: { jobId: string; runId: string; market: string; startedAt: string; pricePerSecond: number; timeoutSeconds: number } | null;
  /** The last grid problem, in the owner's words; null when the last call went well. */
  problem: string | null;
}

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

/** The Jobs page's view: the job in flight and one page of the ledger (contract: jobs.list, jobs.changed). */
export function jobsSnapshot(activity: GridActivity, page: LedgerPage): JobsSnapshot {
  return {
    current: activity.job ? { ...activity.job, pricePerSecond: String(activity.job.pricePerSecond) } : null,
    history: page.entries.map(jobRecord),
    nextBefore: nextBefore(page),
  };
}

