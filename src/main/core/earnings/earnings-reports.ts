import type { EarningsReport, ExplorerSnapshot, PayoutsSnapshot } from '../../../shared/contract/earnings';
import type { ExplorerJobs, ExplorerMarkets, Payout } from '../grid/explorer-protocol';
import { isGridError } from '../grid/grid-error';
import type { Clock, Logger } from '../ports';
import { lastPeriods, totalSpans, type Span } from './calendar';
import { earningsCsv } from './earnings-csv';
import { figuresOf, projectionOf, type PriceSettings } from './earnings-figures';
import type { LedgerEntry } from './ledger-entry';
import type { AvailabilityLog, LedgerCursor, LedgerStore } from './ports';

/** What the reports read from the grid (the client: explorer endpoints and the node's payouts). */
export interface ExplorerSource {
  explorerMarkets(): Promise<ExplorerMarkets>;
  explorerJobs(): Promise<ExplorerJobs>;
  payouts(): Promise<Payout[]>;
}

export interface EarningsReportsDeps {
  store: LedgerStore;
  availability: AvailabilityLog;
  prices: () => PriceSettings;
  /** This machine's market (the host's status); null when not placed in one. */
  market: () => string | null;
  grid: () => Promise<ExplorerSource>;
  clock: Clock;
  logger: Logger;
}

const DAY_MS = 86_400_000;
/** Days of availability the projection looks back over. */
export const PROJECTION_WINDOW_DAYS = 7;
const EXPORT_PAGE = 500;

/** The owner's view of the ledger for planning: totals, series, net, projection, payouts, CSV, and the explorer. */
export class EarningsReports {
  private readonly logger: Logger;

  constructor(private readonly deps: EarningsReportsDeps) {
    this.logger = deps.logger.child({ component: 'earnings' });
  }

  /** Totals and chart series from the ledger (one query), with the projection from the grid's explorer. */
  async report(): Promise<EarningsReport> {
    const now = this.deps.clock.now();
    const prices = this.deps.prices();
    const { today, last7Days, last30Days } = totalSpans(now);
    const series = { day: lastPeriods(now, 'day', 30), week: lastPeriods(now, 'week', 12), month: lastPeriods(now, 'month', 12) };
    const spans: Span[] = [today, last7Days, last30Days, ...series.day, ...series.week, ...series.month];
    const sums = this.deps.store.sums(spans, prices.machineWatts).map((s) => figuresOf(s, prices));
    const points = (list: Span[], offset: number) => list.map((span, i) => ({ start: span.label, ...sums[offset + i]! }));
    const { projection, problem } = await this.projection(now);
    return {
      generatedAt: new Date(now).toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      ...prices,
      totals: { today: sums[0]!, last7Days: sums[1]!, last30Days: sums[2]! },
      series: { day: points(series.day, 3), week: points(series.week, 33), month: points(series.month, 45) },
      projection,
      projectionProblem: problem,
    };
  }

  async payouts(): Promise<PayoutsSnapshot> {
    try {
      const payouts = await (await this.deps.grid()).payouts();
      return { payouts: payouts.map((p) => ({ ...p, amount: String(p.amount) })), problem: null };
    } catch (err) {
      return { payouts: [], problem: gridProblem(err, 'The payout history could not be read from the grid') };
    }
  }

  /** Every ledger row as CSV, newest first, read page by page. */
  exportCsv(): { filename: string; csv: string; rows: number } {
    const { csv, rows } = earningsCsv(this.allEntries());
    const day = new Date(this.deps.clock.now()).toISOString().slice(0, 10);
    this.logger.info('earnings exported as CSV', { rows });
    return { filename: `gridhost-earnings-${day}.csv`, csv, rows };
  }

  async explorer(): Promise<ExplorerSnapshot> {
    const myMarket = this.deps.market();
    try {
      const grid = await this.deps.grid();
      const [markets, jobs] = await Promise.all([grid.explorerMarkets(), grid.explorerJobs()]);
      return {
        generatedAt: markets.generatedAt,
        myMarket,
        markets: markets.markets.map((m) => ({ ...m, pricePerSecond: String(m.pricePerSecond) })),
        jobs: jobs.jobs.map((j) => ({ ...j, pricePerSecond: String(j.pricePerSecond) })),
        problem: null,
      };
    } catch (err) {
      return { generatedAt: null, myMarket, markets: [], jobs: [], problem: gridProblem(err, 'The grid explorer could not be read') };
    }
  }

  private *allEntries(): Generator<LedgerEntry> {
    let before: LedgerCursor | null = null;
    do {
      const page = this.deps.store.page({ limit: EXPORT_PAGE, before });
      yield* page.entries;
      before = page.nextBefore;
    } while (before);
  }

  private async projection(now: number): Promise<{ projection: EarningsReport['projection']; problem: string | null }> {
    const slug = this.deps.market();
    if (!slug) return { projection: null, problem: 'No projection yet: this machine is not placed in a market (enroll on the Test Grid page).' };
    const windowMs = PROJECTION_WINDOW_DAYS * DAY_MS;
    const availability = Math.min(1, this.deps.availability.availableMs(now - windowMs, now) / windowMs);
    try {
      const market = (await (await this.deps.grid()).explorerMarkets()).markets.find((m) => m.slug === slug);
      if (!market) return { projection: null, problem: `No projection: the grid's explorer does not list the market ${slug}.` };
      return { projection: projectionOf(market, availability), problem: null };
    } catch (err) {
      return { projection: null, problem: gridProblem(err, 'No projection: the market\'s job rate could not be read from the grid') };
    }
  }
}

function gridProblem(err: unknown, what: string): string {
  const reason = isGridError(err) ? err.message : (err as Error).message;
  return `${what} (${reason}). Check that the grid is reachable; the figures from this machine's own ledger are shown.`;
}
