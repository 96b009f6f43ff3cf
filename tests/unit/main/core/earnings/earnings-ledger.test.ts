import { describe, expect, it } from 'vitest';
import { EarningsLedger } from '../../../../../src/main/core/earnings/earnings-ledger';
import type { EarningsSnapshot } from '../../../../../src/shared/contract/grid';
import type { Earning, Earnings } from '../../../../../src/main/core/grid/protocol';
import { MemoryDocumentStore, RecordingEvents, RecordingLogger } from '../../../../support/core-fakes';

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

function ledgerWith(store = new MemoryDocumentStore(), remote: Earnings = { items: [], totals: { pending: 0, settled: 0 } }) {
  const changes: EarningsSnapshot['totals'][] = [];
  const ledger = new EarningsLedger(store, new RecordingLogger(), {
    fetchRemote: async () => remote,
    events: { publish: (event, data) => void (event === 'earnings.changed' && changes.push((data as EarningsSnapshot).totals)) },
  });
  return { ledger, store, changes };
}

describe('EarningsLedger', () => {
  it('records closed runs with the host notes, newest first, and totals pending vs settled in integers', async () => {
    const { ledger, store, changes } = ledgerWith();
    await ledger.record(earning('a', 1200), { exitCode: 0, note: null });
    await ledger.record(earning('b', 3600, 'pending', '2026-11-25T11:00:00.000Z'), { exitCode: null, note: 'Quit: You paused sharing.' });
    expect(ledger.list().map((e) => e.runId)).toEqual(['b', 'a']);
    expect(ledger.totals()).toEqual({ pending: 4800, settled: 0 });
    expect(changes.at(-1)).toEqual({ pending: '4800', settled: '0' });
    expect((store.value as { entries: unknown[] }).entries).toHaveLength(2);
  });

  it('takes amounts and settlement from the grid but keeps its own notes', async () => {
    const remote: Earnings = { items: [earning('a', 1200, 'settled'), earning('c', 60)], totals: { pending: 60, settled: 1200 } };
    const { ledger } = ledgerWith(new MemoryDocumentStore(), remote);
    await ledger.record(earning('a', 1200), { exitCode: 3, note: 'The job exited with code 3.' });
    const summary = await ledger.earningsSummary();
    expect(summary).toEqual({ pendingMicroNos: 60n, settledMicroNos: 1200n });
    expect(ledger.list().find((e) => e.runId === 'a')).toMatchObject({ status: 'settled', exitCode: 3, note: 'The job exited with code 3.' });
  });

  it('reloads what it saved', async () => {
    const store = new MemoryDocumentStore();
    await ledgerWith(store).ledger.record(earning('a', 500), { exitCode: 0, note: null });
    const again = ledgerWith(store).ledger;
    await again.load();
    expect(again.totals()).toEqual({ pending: 500, settled: 0 });
  });

  it('moves an unreadable or foreign file aside and starts empty, to be rebuilt from the grid', async () => {
    const unreadable = new MemoryDocumentStore(null, true);
    const a = ledgerWith(unreadable).ledger;
    await a.load();
    expect(a.list()).toEqual([]);
    expect(unreadable.quarantined).toHaveLength(1);

    const foreign = new MemoryDocumentStore({ version: 1, entries: [{ runId: 'x', amount: 1.5 }] });
    const b = ledgerWith(foreign, { items: [earning('d', 90)], totals: { pending: 90, settled: 0 } }).ledger;
    await b.load();
    expect(foreign.quarantined).toHaveLength(1);
    expect(await b.refresh()).toEqual({ pending: 90, settled: 0 });
  });

  it('passes a grid failure on to the wallet, which shows it as unavailable', async () => {
    const ledger = new EarningsLedger(new MemoryDocumentStore(), new RecordingLogger(), {
      fetchRemote: () => Promise.reject(new Error('The grid at http://127.0.0.1:9 is not answering')),
      events: new RecordingEvents(),
    });
    await expect(ledger.earningsSummary()).rejects.toThrow(/not answering/);
  });
});
