import type { Earning } from '../grid/protocol';
import type { LedgerEntry, LedgerTotals } from './ledger-entry';

/** Where a page of the ledger starts: strictly older than this row (newest first: `endedAt`, then `runId`). */
export interface LedgerCursor {
  /** The row's `endedAt`, in ms since the epoch. */
  endedMs: number;
  runId: string;
}

/** One page of the ledger, newest first. */
export interface LedgerPage {
  entries: LedgerEntry[];
  /** Where the next older page starts; null when these are the oldest rows. */
  nextBefore: LedgerCursor | null;
}

/**
 * The ledger's rows (the host's database). Synchronous on purpose: the store is an embedded database whose
 * queries answer in well under a millisecond on the pages the host reads (bench/ledger.ts measures it), and a
 * synchronous port lets the loop publish a consistent page right after it writes.
 */
export interface LedgerStore {
  /** At most `limit` rows older than `before` (or the newest when null), newest first. */
  page(query: { limit: number; before: LedgerCursor | null }): LedgerPage;
  /** Pending versus settled, over every row. */
  totals(): LedgerTotals;
  /** Inserts the row, or replaces the row of the same run. */
  put(entry: LedgerEntry): void;
  /** Takes the grid's figures for these runs in one transaction, keeping the host's exitCode and note of runs it knows. */
  merge(earnings: readonly Earning[]): void;
  /**
   * Per span [startMs, endMs) of `endedAt`: gross micro-NOS, energy and jobs, in one query. A job whose energy
   * was not measured counts `estimateWatts` over its seconds run (the owner's whole-machine estimate).
   */
  sums(spans: readonly TimeSpan[], estimateWatts: number): SpanSums[];
}

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export interface SpanSums {
  /** Gross micro-NOS. */
  gross: number;
  /** Watt-hours, measured or estimated. */
  energyWh: number;
  jobs: number;
}

/** When the host was available for jobs (queued or running one): the projection's basis. */
export interface AvailabilityLog {
  /** Records a change; repeating the state it is already in records nothing. */
  record(atMs: number, available: boolean): void;
  /** Milliseconds available within [fromMs, toMs). */
  availableMs(fromMs: number, toMs: number): number;
}
