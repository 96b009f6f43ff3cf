import { describe, expect, it } from 'vitest';
import { formatNos, formatSol } from '../../../src/shared/format';

describe('formatting wallet amounts from integer base units (no floats)', () => {
  it('shows lamports as SOL with at least 4 decimals and all significant ones', () => {
    expect(formatSol(0n)).toBe('0.0000 SOL');
    expect(formatSol('2039280')).toBe('0.00203928 SOL');
    expect(formatSol(1_500_000_000n)).toBe('1.5000 SOL');
    expect(formatSol(1n)).toBe('0.000000001 SOL');
  });

  it('keeps precision far beyond what a float holds', () => {
    expect(formatSol('123456789012345678901')).toBe('123,456,789,012.345678901 SOL');
    expect(formatNos('9007199254740993')).toBe('9,007,199,254.740993 NOS');
  });

  it('shows micro-NOS as NOS with all 6 decimals, so amounts line up', () => {
    expect([100, 90, 85].map((micro) => formatNos(micro))).toEqual(['0.000100 NOS', '0.000090 NOS', '0.000085 NOS']);
    expect(formatNos(6_100n)).toBe('0.006100 NOS');
    expect(formatNos('1234567')).toBe('1.234567 NOS');
    expect(formatNos(0)).toBe('0.000000 NOS');
    expect(formatNos(-5)).toBe('-0.000005 NOS');
  });
});
