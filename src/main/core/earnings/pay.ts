/**
 * Pay of a job run: `pricePerSecond x min(secondsRun, timeoutSeconds)` in integer micro-NOS
 * (docs/grid-protocol.md, "Pay"). Computed in bigint so that no intermediate can lose precision.
 */
export function payForRun(pricePerSecond: number, secondsRun: number, timeoutSeconds: number): number {
  for (const [name, value] of [
    ['pricePerSecond', pricePerSecond],
    ['secondsRun', secondsRun],
    ['timeoutSeconds', timeoutSeconds],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
    }
  }
  const paid = BigInt(pricePerSecond) * BigInt(Math.min(secondsRun, timeoutSeconds));
  if (paid > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`pay of ${paid} micro-NOS is beyond the safe integer range`);
  }
  return Number(paid);
}

/** Whole seconds between two instants (ms), rounded down, never negative. */
export function wholeSecondsBetween(startMs: number, endMs: number): number {
  return Math.max(0, Math.floor((endMs - startMs) / 1000));
}
