import { z } from 'zod';
import { EarningSchema } from '../grid/protocol';

/** One job in the ledger: the grid's earning, plus what the host knows of the run itself. */
export const LedgerEntrySchema = EarningSchema.extend({
  /** Exit code of the job's last op; null when it was stopped or never started. */
  exitCode: z.number().int().nullable(),
  /** Why the job ended early (quit or refused), for the owner; null otherwise. */
  note: z.string().nullable(),
  /** Watt-hours the job used, from the GPU's power sampled during the run; absent or null when not measured. */
  energyWh: z.number().nonnegative().nullable().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** Totals in integer micro-NOS. */
export interface LedgerTotals {
  pending: number;
  settled: number;
}
