import type { JobRunOutcome } from './job-run';

export interface HostFaultPolicy {
  /** Jobs in a row that could not start through this machine's fault before the host stops taking jobs. */
  limit: number;
  /** The first wait before the host tries again; it doubles while jobs keep failing so. */
  retryMs: number;
  /** The longest wait. */
  maxRetryMs: number;
}

/**
 * Counts jobs in a row that could not start through this machine's fault (no engine, no registry, no GPU
 * runtime). A job that ran (finished, or failed by its own doing) shows the machine works and resets the count;
 * a quit says nothing either way. Past the limit the loop stops taking jobs and waits: 5 min, 10, 20... an hour.
 */
export class HostFaults {
  private inARow = 0;

  constructor(private readonly policy: HostFaultPolicy) {}

  note({ end, failure }: JobRunOutcome): void {
    if (failure?.fault === 'host') this.inARow++;
    else if (end?.kind === 'finish' || failure?.fault === 'job') this.inARow = 0;
  }

  /** True when the job just ended was one too many: the loop must stop taking jobs. */
  get tripped(): boolean {
    return this.inARow >= this.policy.limit;
  }

  /** The wait before the next try, and the owner's words for what happened and what comes next. */
  stop(cause: string): { retryMs: number; reason: string } {
    const retryMs = Math.min(this.policy.maxRetryMs, this.policy.retryMs * 2 ** (this.inARow - this.policy.limit));
    const reason = `${cause} GridHost stopped taking jobs after ${this.inARow} in a row could not start here, and tries again in ${waitWords(retryMs)}.`;
    return { retryMs, reason };
  }

  get count(): number {
    return this.inARow;
  }
}

function waitWords(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  return `${Math.round(ms / 60_000)} min`;
}
