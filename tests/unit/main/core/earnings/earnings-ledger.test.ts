import { describe, expect, it } from 'vitest';
import { EarningsLedger } from '../../../../../src/main/core/earnings/earnings-ledger';
import type { EarningsSnapshot } from '../../../../../src/shared/contract/grid';
import type { Earning, Earnings } from '../../../../../src/main/core/grid/protocol';
import { RecordingEvents, RecordingLogger } from '../../../../support/core-fakes';
import { MemoryLedgerStore, until } from '../../../../support/host-fakes';

const earning = (runId: string, amount: number, status: Earning['status'] = 'pending', endedAt = '2026-11-25T10:00:00.000Z'): Earning => ({
  runId,
  jobId: `job-${runId}`,
  market: 'nvidia-3060',
  outcome: 'finished',
  startedAt: '2026-11-25T09:58:00.000Z',
  endedAt,
  secondsRun: 120,
  secondsPaid: 120,
  pricePerSecond: 10,
  amount,
  status,
  settledAt: status === 'settled' ? endedAt : null,
});

function ledgerWith(store = new MemoryLedgerStore(), remote: Earnings = { items: [], totals: { pending: 0, settled: 0 } }, rebuild = false) {
  const changes: EarningsSnapshot[] = [];
  const logger = new RecordingLogger();
  const ledger = new EarningsLedger(store, logger, {
    fetchRemote: async () => remote,
    events: { publish: (event, data) => void (event === 'earnings.changed' && changes.push(data as EarningsSnapshot)) },
    rebuild,
  });
  return { ledger, store, changes, logger };
}

describe('EarningsLedger', () => {
  it('records closed runs with the host notes, newest first, and totals pending vs settled in integers', async () => {
    const { ledger, store, changes } = ledgerWith();
    await ledger.record(earning('a', 1200), { exitCode: 0, note: null });
    await ledger.record(earning('b', 3600, 'pending', '2026-11-25T11:00:00.000Z'), { exitCode: null, note: 'Quit: You paused sharing.' });
    expect(ledger.list().entries.map((e) => e.runId)).toEqual(['b', 'a']);
    expect(ledger.totals()).toEqual({ pending: 4800, settled: 0 });
    expect(changes.at(-1)).toMatchObject({ totals: { pending: '4800', settled: '0' }, nextBefore: null });
    expect(changes.at(-1)!.entries.map((e) => e.runId)).toEqual(['b', 'a']);
    expect(store.rows.size).toBe(2);
  });

  it('takes amounts and settlement from the grid but keeps its own notes', async () => {
    const remote: Earnings = { items: [earning('a', 1200, 'settled'), earning('c', 60)], totals: { pending: 60, settled: 1200 } };
    const { ledger } = ledgerWith(new MemoryLedgerStore(), remote);
    await ledger.record(earning('a', 1200), { exitCode: 3, note: 'The job exited with code 3.' });
    const summary = await ledger.earningsSummary();
    expect(summary).toEqual({ pendingMicroNos: 60n, settledMicroNos: 1200n });
    expect(ledger.list().entries.find((e) => e.runId === 'a')).toMatchObject({ status: 'settled', exitCode: 3, note: 'The job exited with code 3.' });
  });

  it('pages newest first with a cursor, 50 rows by default and never more than 500', async () => {
    const { ledger } = ledgerWith();
    for (let i = 0; i < 600; i++) await ledger.record(earning(`r${String(i).padStart(3, '0')}`, 1, 'pending', new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()), { exitCode: 0, note: null });
    const first = ledger.list();
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]!.runId).toBe('r599');
    const second = ledger.list({ before: first.nextBefore });
    expect(second.entries[0]!.runId).toBe('r549');
    expect(ledger.list({ limit: 10_000 }).entries).toHaveLength(500);
    const last = ledger.list({ limit: 100, before: { endedMs: Date.UTC(2026, 0, 1) + 50_000, runId: 'r050' } });
    expect(last.entries.map((e) => e.runId)).toEqual(Array.from({ length: 50 }, (_, i) => `r${String(49 - i).padStart(3, '0')}`));
    expect(last.nextBefore).toBeNull();
  });

  it('rebuilds from the grid on its first load when the database was made anew', async () => {
    const remote: Earnings = { items: [earning('a', 90), earning('b', 10, 'settled')], totals: { pending: 90, settled: 10 } };
    const { ledger, logger } = ledgerWith(new MemoryLedgerStore(), remote, true);
    await ledger.load();
    await until(() => ledger.list().entries.length === 2, 'the rebuild');
    expect(ledger.totals()).toEqual({ pending: 90, settled: 10 });
    await until(() => logger.records.some((r) => r.msg === 'earnings ledger rebuilt from the grid'), 'the log line');
  });

  it('does not read the grid at load when the database was kept', async () => {
    let reads = 0;
    const ledger = new EarningsLedger(new MemoryLedgerStore(), new RecordingLogger(), {
      fetchRemote: async () => (reads++, { items: [], totals: { pending: 0, settled: 0 } }),
      events: new RecordingEvents(),
    });
    await ledger.load();
    expect(reads).toBe(0);
  });

  it('passes a grid failure on to the wallet, which shows it as unavailable', async () => {
    const ledger = new EarningsLedger(new MemoryLedgerStore(), new RecordingLogger(), {
      fetchRemote: () => Promise.reject(new Error('The grid at http://127.0.0.1:9 is not answering')),
      events: new RecordingEvents(),
    });
    await expect(ledger.earningsSummary()).rejects.toThrow(/not answering/);
  });
});
