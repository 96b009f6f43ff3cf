import { z } from 'zod';
import { request } from './define';
import { AmountSchema } from './wallet';

/*
 * Earnings an owner can plan with: totals, charts, net of electricity (an estimate), a projection, payouts,
 * the CSV export, and the grid's explorer. NOS amounts are decimal strings of integer micro-NOS; electricity
 * and fiat figures are integers in the owner's currency's minor units (cents), kept apart from NOS.
 */

const NoParams = z.object({}).strict();
/** Micro-NOS that may be negative (net after electricity). */
const SignedAmountSchema = z.string().regex(/^-?\d{1,30}$/, 'an amount is a whole number of base units');
/** Minor units of the owner's currency (cents), an integer. */
const MinorUnitsSchema = z.number().int();

export const EarningsFiguresSchema = z.object({
  jobs: z.number().int().nonnegative(),
  gross: AmountSchema,
  /** Watt-hours used, measured or estimated: an estimate. */
  energyWh: z.number().nonnegative(),
  /** Estimated electricity cost, in minor units of `currency`. */
  electricityCost: MinorUnitsSchema,
  /** Gross minus electricity in micro-NOS, at the owner's NOS price; null when no NOS price is set. */
  net: SignedAmountSchema.nullable(),
  /** Gross in minor units of `currency` at the owner's NOS price; null when none is set. */
  grossFiat: MinorUnitsSchema.nullable(),
});
export type EarningsFigures = z.infer<typeof EarningsFiguresSchema>;

export const SeriesPointSchema = EarningsFiguresSchema.extend({
  /** The local date the period starts on (YYYY-MM-DD). */
  start: z.string(),
});
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

export const ProjectionSchema = z.object({
  market: z.string(),
  /** Share of the last 7 days the host was queued or running a job, 0 to 1. */
  availability: z.number().min(0).max(1),
  perDay: AmountSchema,
  perMonth: AmountSchema,
  /** The assumption, in words. */
  assumption: z.string(),
});
export type Projection = z.infer<typeof ProjectionSchema>;

export const EarningsReportSchema = z.object({
  generatedAt: z.iso.datetime(),
  /** The time zone whose local midnights bound the days. */
  timeZone: z.string(),
  currency: z.string(),
  electricityPricePerKwh: z.number(),
  machineWatts: z.number().int(),
  nosPrice: z.number().nullable(),
  totals: z.object({ today: EarningsFiguresSchema, last7Days: EarningsFiguresSchema, last30Days: EarningsFiguresSchema }),
  /** Oldest first: the last 30 days, 12 weeks (from Monday) and 12 months. */
  series: z.object({ day: z.array(SeriesPointSchema), week: z.array(SeriesPointSchema), month: z.array(SeriesPointSchema) }),
  projection: ProjectionSchema.nullable(),
  /** Why there is no projection, in the owner's words. */
  projectionProblem: z.string().nullable(),
});
export type EarningsReport = z.infer<typeof EarningsReportSchema>;

export const PayoutsSnapshotSchema = z.object({
  payouts: z.array(z.object({ reference: z.string(), settledAt: z.iso.datetime(), amount: AmountSchema, runs: z.number().int().positive() })),
  problem: z.string().nullable(),
});
export type PayoutsSnapshot = z.infer<typeof PayoutsSnapshotSchema>;

export const EarningsExportSchema = z.object({ filename: z.string(), csv: z.string(), rows: z.number().int().nonnegative() });

export const ExplorerSnapshotSchema = z.object({
  generatedAt: z.iso.datetime().nullable(),
  /** This machine's market, to highlight; null when not placed in one. */
  myMarket: z.string().nullable(),
  markets: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      pricePerSecond: AmountSchema,
      jobTimeoutSeconds: z.number().int(),
      nodesOnboarded: z.number().int(),
      nodesQueued: z.number().int(),
      jobsRunning: z.number().int(),
      jobsLast24h: z.number().int(),
      medianDurationSeconds: z.number().int().nullable(),
    }),
  ),
  jobs: z.array(
    z.object({
      runId: z.string(),
      market: z.string(),
      node: z.string(),
      pricePerSecond: AmountSchema,
      startedAt: z.iso.datetime(),
      endedAt: z.iso.datetime().nullable(),
      durationSeconds: z.number().int(),
      outcome: z.string(),
    }),
  ),
  problem: z.string().nullable(),
});
export type ExplorerSnapshot = z.infer<typeof ExplorerSnapshotSchema>;

export const earningsRequests = {
  'earnings.report': request(
    'Totals (today, 7 and 30 days, local time), charts per day, week and month (gross and net), the electricity estimate and the projection.',
    NoParams,
    EarningsReportSchema,
  ),
  'earnings.payouts': request('Each settlement the grid paid this node, with its reference and amount, newest first.', NoParams, PayoutsSnapshotSchema),
  'earnings.export': request('Every ledger row as CSV (amounts as decimal strings), for a spreadsheet.', NoParams, EarningsExportSchema),
  'explorer.snapshot': request('The grid explorer: markets side by side and recent jobs, with this machine\'s market.', NoParams, ExplorerSnapshotSchema),
};


