import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHostStores, type HostStores } from '../../../../../src/main/adapters/sqlite/host-stores';
import { EarningsReports, type ExplorerSource } from '../../../../../src/main/core/earnings/earnings-reports';
import type { PriceSettings } from '../../../../../src/main/core/earnings/earnings-figures';
import type { LedgerEntry } from '../../../../../src/main/core/earnings/ledger-entry';
import type { ExplorerMarket } from '../../../../../src/main/core/grid/explorer-protocol';
import { RecordingLogger } from '../../../../support/core-fakes';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function entry(runId: string, endedAt: string, amount: number, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    runId,
    jobId: `job-${runId}`,
    market: 'cpu-dev',
    outcome: 'finished',
    startedAt: new Date(Date.parse(endedAt) - 3_600_000).toISOString(),
    endedAt,
    secondsRun: 3600,
    secondsPaid: 3600,
    pricePerSecond: 100,
    amount,
    status: 'pending',
    settledAt: null,
    exitCode: 0,
    note: null,
    energyWh: 0,
    ...extra,
  };
}

const market: ExplorerMarket = {
  slug: 'cpu-dev',
  name: 'CPU (dev)',
  pricePerSecond: 100,
  jobTimeoutSeconds: 600,
  nodesOnboarded: 4,
  nodesQueued: 2,
  jobsRunning: 1,
  jobsLast24h: 48,
  medianDurationSeconds: 300,
};

describe('earnings reports over a ledger in the host database', () => {
  let dir: string;
  let stores: HostStores;
  let now: number;
  let prices: PriceSettings;
  const savedTz = process.env.TZ;
  const grid: ExplorerSource = {
    explorerMarkets: async () => ({ generatedAt: new Date(now).toISOString(), markets: [market] }),
    explorerJobs: async () => ({ generatedAt: new Date(now).toISOString(), jobs: [] }),
    payouts: async () => [{ reference: 'pay-1', settledAt: '2026-11-01T08:00:00.000Z', amount: 2_500_000, runs: 3 }],
  };
  const reports = (marketSlug: string | null = 'cpu-dev', source: ExplorerSource = grid) =>
    new EarningsReports({ store: stores.ledger, availability: stores.availability, prices: () => prices, market: () => marketSlug, grid: async () => source, clock: { now: () => now }, logger: new RecordingLogger() });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-earnings-'));
    stores = openHostStores(dir, new RecordingLogger());
    prices = { currency: 'EUR', electricityPricePerKwh: 0, machineWatts: 150, nosPrice: null };
  });
  afterEach(() => {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
    process.env.TZ = savedTz;
  });

  it('counts days by local midnight across a month boundary, and again after a time-zone change', async () => {
    process.env.TZ = 'Europe/Berlin';
    now = Date.parse('2026-11-01T09:00:00Z'); // 10:00 in Berlin, 1 November
    stores.ledger.put(entry('late-october', '2026-10-31T22:30:00Z', 1_000)); // 23:30 on 31 October in Berlin
    stores.ledger.put(entry('just-november', '2026-10-31T23:30:00Z', 20_000)); // 00:30 on 1 November in Berlin
    stores.ledger.put(entry('dst-day', '2026-10-25T22:30:00Z', 300)); // 23:30 on 25 October (a 25-hour day)
    stores.ledger.put(entry('old', '2026-09-15T12:00:00Z', 4_000_000));

    const berlin = await reports().report();
    expect(berlin.timeZone).toBe('Europe/Berlin');
    expect(berlin.totals.today).toMatchObject({ gross: '20000', jobs: 1 });
    expect(berlin.totals.last7Days).toMatchObject({ gross: '21000', jobs: 2 }); // from Monday 26 October, 00:00

    expect(berlin.totals.last30Days.gross).toBe('21300');
    expect(berlin.series.month.slice(-3).map((p) => [p.start, p.gross])).toEqual([['2026-09-01', '4000000'], ['2026-10-01', '1300'], ['2026-11-01', '20000']]);
    expect(berlin.series.day.at(-1)).toMatchObject({ start: '2026-11-01', gross: '20000' });
    expect(berlin.series.day.find((p) => p.start === '2026-10-25')?.gross).toBe('300');
    expect(berlin.series.week.at(-1)?.start).toBe('2026-10-26'); // the week from Monday 26 October
    expect(berlin.series.day).toHaveLength(30);

    process.env.TZ = 'America/New_York'; // the owner travels: 05:00 on 1 November, both late rows on 31 October
    const newYork = await reports().report();
    expect(newYork.totals.today).toMatchObject({ gross: '0', jobs: 0 });
    expect(newYork.series.month.at(-2)).toMatchObject({ start: '2026-10-01', gross: '21300' });
  });

  it('nets measured and estimated electricity at the owner\'s prices, in cents and micro-NOS', async () => {
    process.env.TZ = 'UTC';
    now = Date.parse('2026-11-10T12:00:00Z');
    stores.ledger.put(entry('gpu', '2026-11-10T10:00:00Z', 1_000_000, { energyWh: 100 }));
    stores.ledger.put(entry('cpu', '2026-11-10T11:00:00Z', 500_000, { energyWh: null })); // 150 W for an hour: 150 Wh
    prices = { currency: 'EUR', electricityPricePerKwh: 0.3, machineWatts: 150, nosPrice: null };
    const withoutNosPrice = (await reports().report()).totals.today;
    // 250 Wh at 0.30 EUR/kWh is 7.5 cents, rounded once to 8; no NOS price, so no net and no fiat.
    expect(withoutNosPrice).toEqual({ jobs: 2, gross: '1500000', energyWh: 250, electricityCost: 8, net: null, grossFiat: null });

    prices = { ...prices, nosPrice: 0.5 };
    const priced = (await reports().report()).totals.today;
    // 8 cents at 0.50 EUR per NOS is 0.16 NOS: 160000 micro-NOS off the gross; 1.5 NOS is 75 cents.
    expect(priced).toMatchObject({ net: '1340000', grossFiat: 75, electricityCost: 8 });
  });

  it('projects from the last 7 days\' availability and the market\'s job rate and price, saying so', async () => {
    process.env.TZ = 'UTC';
    now = Date.parse('2026-11-10T12:00:00Z');
    stores.availability.record(now - 7 * DAY, true);
    stores.availability.record(now - 7 * DAY + HOUR, true); // no change: not recorded again
    stores.availability.record(now - 3.5 * DAY, false);
    expect(stores.availability.availableMs(now - 7 * DAY, now)).toBe(3.5 * DAY);

    const { projection, projectionProblem } = await reports().report();
    expect(projectionProblem).toBeNull();
    // 48 jobs x 300 s shared by 4 machines is 3600 s a day; half of it while available: 1800 s at 100 micro-NOS.
    expect(projection).toMatchObject({ market: 'cpu-dev', availability: 0.5, perDay: '180000', perMonth: '5400000' });
    expect(projection?.assumption).toContain('available 50% of the time');
    expect(projection?.assumption).toContain('48 jobs');

    const unplaced = await reports(null).report();
    expect(unplaced.projection).toBeNull();
    expect(unplaced.projectionProblem).toContain('not placed in a market');

    const down: ExplorerSource = { ...grid, explorerMarkets: () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const offline = await reports('cpu-dev', down).report();
    expect(offline.projectionProblem).toContain('ECONNREFUSED');
    expect(offline.totals.today.jobs).toBe(0);
  });

  it('exports every row as CSV across pages, newest first', () => {
    now = Date.parse('2026-11-10T12:00:00Z');
    stores.ledger.merge(Array.from({ length: 1203 }, (_, i) => entry(`run-${String(i).padStart(4, '0')}`, new Date(now - i * 60_000).toISOString(), i)));
    const exported = reports().exportCsv();
    expect(exported.rows).toBe(1203);
    expect(exported.filename).toBe('gridhost-earnings-2026-11-10.csv');
    const lines = exported.csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1204);
    expect(lines[1]?.startsWith('run-0000,')).toBe(true);
    expect(lines.at(-1)?.startsWith('run-1202,')).toBe(true);
  });
});
