import type { MeasuredFigure } from '../../../shared/contract/gpu';

/** Summarises repeated measurements: median, range, and spread ((max - min) / median, in percent). */
export function summarise(values: readonly number[]): MeasuredFigure {
  if (values.length === 0) throw new RangeError('summarise needs at least one measurement');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return {
    median: round(median),
    min: round(min),
    max: round(max),
    runs: values.length,
    spreadPercent: median > 0 ? round(((max - min) / median) * 100) : 0,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
