import type { JobRecord } from '../../../shared/contract/grid';

/** How a job ended, in the owner's words (Jobs and Earnings pages). */
export function outcomeLabel(job: Pick<JobRecord, 'outcome' | 'exitCode'>): string {
  if (job.outcome === 'quit') return 'Stopped early';
  if (job.outcome === 'expired') return 'Lost contact';
  if (job.outcome === 'failed') return 'Failed';
  // Runs recorded before the grid knew `failed` were all `finished`: a non-zero exit was a failure.
  return job.exitCode === 0 ? 'Finished' : 'Failed';
}
