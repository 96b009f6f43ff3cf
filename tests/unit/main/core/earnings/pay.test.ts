import { describe, expect, it } from 'vitest';
import { paidUntil, payForRun, wholeSecondsBetween } from '../../../../../src/main/core/earnings/pay';

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

describe('paidUntil: the end a run is paid to (docs/grid-protocol.md, "Pay")', () => {
  const base = { startedAt: 0, deadline: 3_600_000, heartbeatIntervalMs: 30_000 };
  it('pays a finish sent while the grid is up to the container\'s real end', () => {
    expect(paidUntil({ ...base, lastHeardAt: 20_000, receivedAt: 25_400, reportedEndAt: 25_000 })).toBe(25_000);
  });
  it('pays a message delivered late to the container\'s end, never to its arrival', () => {
    expect(paidUntil({ ...base, lastHeardAt: 20_000, receivedAt: 31_000, reportedEndAt: 25_000 })).toBe(25_000);
  });
  it('pays at most one heartbeat interval past the last sign of life', () => {
    expect(paidUntil({ ...base, lastHeardAt: 10_000, receivedAt: 110_000, reportedEndAt: 105_000 })).toBe(40_000);
    expect(paidUntil({ ...base, lastHeardAt: 10_000, receivedAt: 110_000, reportedEndAt: null })).toBe(40_000);
  });
  it('never pays a claimed end in the future, past the deadline, or before the start', () => {
    expect(paidUntil({ ...base, lastHeardAt: 0, receivedAt: 8_000, reportedEndAt: 50_000 })).toBe(8_000);
    expect(paidUntil({ ...base, deadline: 60_000, lastHeardAt: 59_000, receivedAt: 70_000, reportedEndAt: 65_000 })).toBe(60_000);
    expect(paidUntil({ ...base, startedAt: 5_000, lastHeardAt: 5_000, receivedAt: 6_000, reportedEndAt: 1_000 })).toBe(5_000);
  });
  it('takes the arrival when the host reports no end (a host of protocol 1)', () => {
    expect(paidUntil({ ...base, lastHeardAt: 20_000, receivedAt: 26_000, reportedEndAt: null })).toBe(26_000);
  });
});
