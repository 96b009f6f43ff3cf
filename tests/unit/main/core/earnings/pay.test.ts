import { describe, expect, it } from 'vitest';
import { payForRun, wholeSecondsBetween } from '../../../../../src/main/core/earnings/pay';

describe('payForRun: price x min(seconds run, timeout), integer micro-NOS', () => {
  it('pays every second run below the timeout', () => {
    expect(payForRun(45, 134, 3600)).toBe(6030);
  });
  it('caps at the timeout, and pays exactly the timeout at the boundary', () => {
    expect(payForRun(45, 3601, 3600)).toBe(45 * 3600);
    expect(payForRun(45, 3600, 3600)).toBe(45 * 3600);
    expect(payForRun(45, 3599, 3600)).toBe(45 * 3599);
  });
  it('pays nothing for zero seconds or a zero price', () => {
    expect(payForRun(45, 0, 3600)).toBe(0);
    expect(payForRun(0, 100, 3600)).toBe(0);
  });
  it('refuses fractions, negatives and results beyond the safe integer range', () => {
    expect(() => payForRun(1.5, 10, 60)).toThrow(/pricePerSecond/);
    expect(() => payForRun(1, -1, 60)).toThrow(/secondsRun/);
    expect(() => payForRun(1, 10, Number.NaN)).toThrow(/timeoutSeconds/);
    expect(() => payForRun(Number.MAX_SAFE_INTEGER, 2, 10)).toThrow(/safe integer/);
    expect(payForRun(Math.floor(Number.MAX_SAFE_INTEGER / 2), 2, 10)).toBe(Math.floor(Number.MAX_SAFE_INTEGER / 2) * 2);
  });
});

describe('wholeSecondsBetween', () => {
  it('rounds down and never goes negative', () => {
    expect(wholeSecondsBetween(1000, 2999)).toBe(1);
    expect(wholeSecondsBetween(5000, 1000)).toBe(0);
  });
});
