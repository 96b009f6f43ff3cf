import type { RestartPolicy } from '@nosana/types';

/** The most times GridHost restarts an op that failed, whatever the definition asks. */
export const MAX_RESTART_TRIES = 5;
/** Tries for `on-failure` without a count (Docker's own default is unbounded; a job's time is paid). */
const DEFAULT_ON_FAILURE_TRIES = 3;

/**
 * How many times an op is started again after it exits non-zero: `no` (or none) 0; `on-failure` 3 or its
 * `restart_tries`; `always` and `unless-stopped` the bound. An op that exits 0 is never restarted: a job's
 * ops end, and its finish is what the grid pays for.
 */
export function restartTries(policy: RestartPolicy | undefined): number {
  if (policy === undefined || policy === 'no') return 0;
  if (policy === 'on-failure') return DEFAULT_ON_FAILURE_TRIES;
  if (typeof policy === 'object') return Math.min(policy.restart_tries ?? DEFAULT_ON_FAILURE_TRIES, MAX_RESTART_TRIES);
  return MAX_RESTART_TRIES;
}
