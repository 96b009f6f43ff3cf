import type { JobRecord } from '../../../shared/contract/grid';

/** How a job ended, in the owner's words (Jobs and Earnings pages). */
export function outcomeLabel(job: Pick<JobRecord, 'outcome' | 'exitCode'>): string {
  if (job.outcome === 'quit') return 'Stopped early';
  if (job.outcome === 'expired') return 'Lost contact';
  return job.exitCode === 0 ? 'Finished' : 'Failed';
}
