import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, setLongTimeout } from '../../../../../src/main/core/host/long-timeout';

const DAY_MS = 24 * 3600 * 1000;

describe('setLongTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires a 30-day timeout after 30 days, where setTimeout's would fire at once", () => {
    expect(30 * DAY_MS).toBeGreaterThan(MAX_TIMER_DELAY_MS);
    const fired = vi.fn();
    setLongTimeout(fired, 30 * DAY_MS);
    vi.advanceTimersByTime(1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * DAY_MS - 2);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * DAY_MS);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('chains timeouts no longer than the chunk it is given, and fires exactly at the end', () => {
    const fired = vi.fn();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    setLongTimeout(fired, 35, 10);
    vi.advanceTimersByTime(34);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(setTimeoutSpy.mock.calls.map((call) => call[1])).toEqual([10, 10, 10, 5]);
    setTimeoutSpy.mockRestore();
  });

  it('is cancelled anywhere in its chain', () => {
    const fired = vi.fn();
    const timeout = setLongTimeout(fired, 35, 10);
    vi.advanceTimersByTime(25);
    timeout.clear();
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
  });

  it('fires on the next turn for a deadline already past', () => {
    const fired = vi.fn();
    setLongTimeout(fired, -5_000);
    vi.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
