import type { Earning, Earnings } from '../grid/protocol';
import type { EventSink, Logger } from '../ports';
import type { EarningsSummary, EarningsSummarySource } from '../wallet/ports';
import { earningsSnapshot } from './earnings-snapshot';
import type { LedgerTotals } from './ledger-entry';
import type { LedgerCursor, LedgerPage, LedgerStore } from './ports';

/** Rows in a page when the caller does not say (the pages' first screen, and what events carry). */
export const LEDGER_PAGE_SIZE = 50;
/** The most rows one page may ask for. */
export const LEDGER_PAGE_MAX = 500;

/**
 * The per-job earnings ledger, in integer micro-NOS, kept in the host's database; job history is the same rows.
 * The grid is the authority on amounts and settlement: `sync` takes its list as it is; the host adds what only
 * it knows (exit code, why a job was quit). When the database was rebuilt (a damaged one moved aside), the first
 * load takes the grid's list, so nothing the grid knows is lost.
 */
export class EarningsLedger implements EarningsSummarySource {
  private loaded = false;
  private readonly logger: Logger;

  constructor(
    private readonly store: LedgerStore,
    logger: Logger,
    private readonly options: {
      /** Reads the node's earnings from the grid (throws when it cannot answer). */
      fetchRemote: () => Promise<Earnings>;
      /** Where `earnings.changed` goes after every change. */
      events: EventSink;
      /** The database was made anew at this start: rebuild the rows from the grid. */
      rebuild?: boolean;
    },
  ) {
    this.logger = logger.child({ component: 'earnings' });
  }

  /** Starts the rebuild from the grid when the database was made anew (in the background: the grid may be down). */
  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.options.rebuild) return;
    void this.refresh().then(
      () => this.logger.info('earnings ledger rebuilt from the grid', { rows: this.list({ limit: LEDGER_PAGE_MAX }).entries.length }),
      (err: unknown) => this.logger.warn('could not rebuild the earnings ledger from the grid yet; the next read of the grid will', { error: (err as Error).message }),
    );
  }

  /** One page, newest first: `limit` rows (50 by default, at most 500) older than `before`. */
  list(query: { limit?: number; before?: LedgerCursor | null } = {}): LedgerPage {
    const limit = Math.min(Math.max(1, query.limit ?? LEDGER_PAGE_SIZE), LEDGER_PAGE_MAX);
    return this.store.page({ limit, before: query.before ?? null });
  }

  totals(): LedgerTotals {
    return this.store.totals();
  }

  /** Records the earning of a run the host just closed. */
  async record(earning: Earning, local: { exitCode: number | null; note: string | null }): Promise<void> {
    this.store.put({ ...earning, ...local });
    this.publish();
  }

  /** Takes the grid's list: amounts and settlement as the grid says, the host's own notes kept. */
  async sync(remote: Earnings): Promise<void> {
    this.store.merge(remote.items);
    this.publish();
  }

  /** Reads the grid and syncs; the wallet's pending versus settled figures. */
  async refresh(): Promise<LedgerTotals> {
    await this.sync(await this.options.fetchRemote());
    return this.totals();
  }

  async earningsSummary(): Promise<EarningsSummary> {
    const totals = await this.refresh();
    return { pendingMicroNos: BigInt(totals.pending), settledMicroNos: BigInt(totals.settled) };
  }

  private publish(): void {
    this.options.events.publish('earnings.changed', earningsSnapshot(this.list(), this.totals(), null));
  }
}
