import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryAfterMs } from '../../../../../src/main/core/grid/retry-policy';

const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoff with full jitter', () => {
  it('doubles the ceiling each retry up to the cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });
  it('spreads retries over [0, ceiling]', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
  });
});

describe('retry-after', () => {
  it('reads seconds and HTTP dates, capped', () => {
    expect(retryAfterMs('2', 0, 10_000)).toBe(2000);
    expect(retryAfterMs('120', 0, 10_000)).toBe(10_000);
    expect(retryAfterMs(new Date(5000).toUTCString(), 1000, 10_000)).toBe(4000);
    expect(retryAfterMs('soon', 0, 10_000)).toBeNull();
    expect(retryAfterMs(null, 0, 10_000)).toBeNull();
  });
});
