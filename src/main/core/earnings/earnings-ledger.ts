import { z } from 'zod';
import type { Earning, Earnings } from '../grid/protocol';
import type { EventSink, JsonDocumentStore, Logger } from '../ports';
import { earningsSnapshot } from './earnings-snapshot';
import { LedgerEntrySchema, type LedgerEntry, type LedgerTotals } from './ledger-entry';
import type { EarningsSummary, EarningsSummarySource } from '../wallet/ports';

const LedgerDocumentSchema = z.object({ version: z.literal(1), entries: z.array(LedgerEntrySchema) });

const MAX_ENTRIES = 5000;

/**
 * The per-job earnings ledger, in integer micro-NOS, kept in the data folder. The grid is the authority on
 * amounts and settlement: `sync` takes its list as it is; the host adds what only it knows (exit code, why a
 * job was quit). An unreadable file is moved aside and the ledger is rebuilt from the grid.
 */
export class EarningsLedger implements EarningsSummarySource {
  private entries = new Map<string, LedgerEntry>();
  private loaded = false;
  private readonly logger: Logger;

  constructor(
    private readonly store: JsonDocumentStore,
    logger: Logger,
    private readonly options: {
      /** Reads the node's earnings from the grid (throws when it cannot answer). */
      fetchRemote: () => Promise<Earnings>;
      /** Where `earnings.changed` goes after every change. */
      events: EventSink;
    },
  ) {
    this.logger = logger.child({ component: 'earnings' });
  }

  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    let raw: unknown;
    try {
      raw = await this.store.read();
    } catch (err) {
      const movedTo = await this.store.quarantine();
      this.logger.warn('earnings ledger unreadable; moved aside, will rebuild from the grid', { movedTo, error: (err as Error).message });
      return;
    }
    if (raw === null) return;
    const parsed = LedgerDocumentSchema.safeParse(raw);
    if (!parsed.success) {
      const movedTo = await this.store.quarantine();
      this.logger.warn('earnings ledger has an unknown shape; moved aside, will rebuild from the grid', { movedTo });
      return;
    }
    for (const entry of parsed.data.entries) this.entries.set(entry.runId, entry);
  }

  /** Newest first. */
  list(): LedgerEntry[] {
    return [...this.entries.values()].sort((a, b) => b.endedAt.localeCompare(a.endedAt) || b.runId.localeCompare(a.runId));
  }

  totals(): LedgerTotals {
    let pending = 0;
    let settled = 0;
    for (const e of this.entries.values()) {
      if (e.status === 'pending') pending += e.amount;
      else settled += e.amount;
    }
    return { pending, settled };
  }

  /** Records the earning of a run the host just closed. */
  async record(earning: Earning, local: { exitCode: number | null; note: string | null }): Promise<void> {
    await this.load();
    this.entries.set(earning.runId, { ...earning, ...local });
    await this.save();
  }

  /** Takes the grid's list: amounts and settlement as the grid says, the host's own notes kept. */
  async sync(remote: Earnings): Promise<void> {
    await this.load();
    for (const earning of remote.items) {
      const known = this.entries.get(earning.runId);
      this.entries.set(earning.runId, { ...earning, exitCode: known?.exitCode ?? null, note: known?.note ?? null });
    }
    await this.save();
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

  private async save(): Promise<void> {
    const entries = this.list().slice(0, MAX_ENTRIES);
    await this.store.write({ version: 1, entries });
    this.options.events.publish('earnings.changed', earningsSnapshot(entries, this.totals(), null));
  }
}
