import type { JobRecord } from '../../../shared/contract/grid';

/** How a job ended, in the owner's words (Jobs and Earnings pages). */
export const OUTCOME_LABEL: Record<JobRecord['outcome'], string> = {
  finished: 'Finished',
  quit: 'Stopped early',
  expired: 'Lost contact',
};
