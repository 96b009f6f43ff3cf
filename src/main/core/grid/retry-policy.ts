/** How the grid client retries: exponential backoff with full jitter, capped. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * Delay before retry number `attempt` (1 for the first retry): a random point in
 * [0, min(max, base x 2^(attempt-1))], so that many hosts retrying after a grid outage spread out.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Parses a `retry-after` header (seconds or an HTTP date) into ms, capped; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number, capMs: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(capMs, seconds * 1000);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.min(capMs, Math.max(0, date - nowMs));
}
