import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoopTimers } from '../../../../../src/main/core/host/loop-timers';

describe('LoopTimers: the host loop\'s retry, resync and backoff', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('backs off 1x, 2x, 4x... up to the ceiling, with at most a quarter taken off as jitter, and starts over after a success', () => {
    const timers = new LoopTimers({ retryMs: 1_000, maxRetryMs: 5_000 });
    const waits = [1, 2, 3, 4].map(() => timers.nextRetryMs());
    const ceilings = [1_000, 2_000, 4_000, 5_000];
    waits.forEach((ms, i) => {
      expect(ms).toBeLessThanOrEqual(ceilings[i]!);
      expect(ms).toBeGreaterThanOrEqual(ceilings[i]! * 0.75);
    });
    timers.succeeded();
    expect(timers.nextRetryMs()).toBeLessThanOrEqual(1_000);
  });

  it('a retry replaces the pending resync; clear() cancels both', () => {
    const timers = new LoopTimers({ retryMs: 1_000, maxRetryMs: 5_000 });
    const calls: string[] = [];
    timers.resyncAfter(100, () => calls.push('resync'));
    timers.retryAfter(200, () => calls.push('retry'));
    vi.advanceTimersByTime(300);
    expect(calls).toEqual(['retry']);

    timers.resyncAfter(100, () => calls.push('resync'));
    timers.retryAfter(100, () => calls.push('retry'));
    timers.clear();
    vi.advanceTimersByTime(300);
    expect(calls).toEqual(['retry']);
  });
});
