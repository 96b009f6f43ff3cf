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

/** What the grid knows when a run ends, every instant in ms of the grid's clock. */
export interface RunEndFacts {
  startedAt: number;
  /** `startedAt + timeoutSeconds`. */
  deadline: number;
  /** The last heartbeat received (the start when none came). */
  lastHeardAt: number;
  /** When the ending message arrived. */
  receivedAt: number;
  /** When the host says the job's container ended (`endedAt`), if it said. */
  reportedEndAt: number | null;
  /** The longest a host may go between heartbeats. */
  heartbeatIntervalMs: number;
}

/**
 * The instant a run is paid up to (docs/grid-protocol.md, "Pay"):
 * `min(reportedEnd ?? receivedAt, receivedAt, lastHeard + heartbeatInterval, deadline)`, never before the start.
 * A finish sent while the grid is up is paid to the container's real end (heartbeats keep `lastHeard` within an
 * interval of it); a message delivered late after an outage is paid to the container's end or one heartbeat
 * interval past the last sign of life, whichever is earlier, never to its arrival; and no claim reaches past
 * the deadline or past what the grid heard.
 */
export function paidUntil(facts: RunEndFacts): number {
  const claimed = facts.reportedEndAt ?? facts.receivedAt;
  const end = Math.min(claimed, facts.receivedAt, facts.lastHeardAt + facts.heartbeatIntervalMs, facts.deadline);
  return Math.max(facts.startedAt, end);
}
