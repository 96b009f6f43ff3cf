import { z } from 'zod';

/*
 * The grid's public, read-only explorer (docs/grid-protocol.md, "Explorer") and a node's payout history.
 * Amounts are integer micro-NOS, as everywhere in the protocol.
 */

const MicroNos = z.number().int().nonnegative();

/** One market as the explorer shows it. */
export const ExplorerMarketSchema = z.object({
  slug: z.string(),
  name: z.string(),
  pricePerSecond: MicroNos,
  jobTimeoutSeconds: z.number().int().positive(),
  nodesOnboarded: z.number().int().nonnegative(),
  nodesQueued: z.number().int().nonnegative(),
  jobsRunning: z.number().int().nonnegative(),
  jobsLast24h: z.number().int().nonnegative(),
  /** Median seconds of the runs that ended in the last 24 hours; null when none did. */
  medianDurationSeconds: z.number().int().nonnegative().nullable(),
});
export type ExplorerMarket = z.infer<typeof ExplorerMarketSchema>;
export const ExplorerMarketsSchema = z.object({ generatedAt: z.iso.datetime(), markets: z.array(ExplorerMarketSchema) });
export type ExplorerMarkets = z.infer<typeof ExplorerMarketsSchema>;

/** One recent run: no job definition, the node's address shortened. */
export const ExplorerJobSchema = z.object({
  runId: z.string(),
  market: z.string(),
  /** The node's address shortened, like `7xKX…9fQa`. */
  node: z.string(),
  pricePerSecond: MicroNos,
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  /** Seconds run so far (running) or in all (ended). */
  durationSeconds: z.number().int().nonnegative(),
  outcome: z.enum(['running', 'finished', 'quit', 'failed', 'expired']),
});
export type ExplorerJob = z.infer<typeof ExplorerJobSchema>;
export const ExplorerJobsSchema = z.object({ generatedAt: z.iso.datetime(), jobs: z.array(ExplorerJobSchema) });
export type ExplorerJobs = z.infer<typeof ExplorerJobsSchema>;

/** One settlement of a node's earnings: the runs the grid paid out together. */
export const PayoutSchema = z.object({
  /** The settlement's reference, stable across reads. */
  reference: z.string(),
  settledAt: z.iso.datetime(),
  amount: MicroNos,
  runs: z.number().int().positive(),
});
export type Payout = z.infer<typeof PayoutSchema>;
export const PayoutsSchema = z.object({ payouts: z.array(PayoutSchema) });

/** An address as the explorer shows it: its first and last four characters. */
export function shortAddress(address: string): string {
  return address.length <= 10 ? address : `${address.slice(0, 4)}…${address.slice(-4)}`;
}
