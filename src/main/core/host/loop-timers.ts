/**
 * The host loop's two timers and its backoff: the retry of preflight after an error, and the resync that asks
 * the grid for the enrollment status again while unenrolled or waitlisted. At most one of each is pending;
 * neither keeps the process alive.
 */
export class LoopTimers {
  private retryTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  /** Grid failures in a row, for the backoff of the next retry. */
  private failures = 0;

  constructor(private readonly backoff: { retryMs: number; maxRetryMs: number }) {}

  /** Runs `retry` after `ms`, replacing any pending retry or resync. */
  retryAfter(ms: number, retry: () => void): void {
    this.clear();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      retry();
    }, ms);
    this.retryTimer.unref?.();
  }

  /** Runs `resync` after `ms`, replacing any pending resync. */
  resyncAfter(ms: number, resync: () => void): void {
    this.clearResync();
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      resync();
    }, ms);
    this.resyncTimer.unref?.();
  }

  clearResync(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
  }

  clear(): void {
    this.clearResync();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** The grid answered: the next failure starts the backoff from the beginning. */
  succeeded(): void {
    this.failures = 0;
  }

  /** Exponential backoff with jitter over failures in a row: retryMs, 2x, 4x... up to maxRetryMs. */
  nextRetryMs(): number {
    const ceiling = Math.min(this.backoff.maxRetryMs, this.backoff.retryMs * 2 ** this.failures);
    this.failures++;
    return Math.round(ceiling * (0.75 + Math.random() * 0.25));
  }
}
