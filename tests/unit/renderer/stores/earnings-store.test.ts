import { beforeEach, describe, expect, it } from 'vitest';
import type { EarningsSnapshot, JobRecord } from '../../../../src/shared/contract/grid';
import { requestSamples } from '../../../support/contract-samples';
import type { FakeGridhostApi } from '../../../support/fake-gridhost-api';
import { storeWithFakeApi } from '../../../support/renderer-stores';

const ledger = requestSamples['earnings.list'].result;
const settled: EarningsSnapshot = { ...ledger, totals: { pending: '0', settled: '6834' } };

describe('the earnings store', () => {
  let fake: FakeGridhostApi;
  let store: typeof import('../../../../src/renderer/src/stores/earnings-store');
  beforeEach(async () => {
    ({ fake, store } = await storeWithFakeApi(() => import('../../../../src/renderer/src/stores/earnings-store')));
  });
  const state = () => store.useEarningsStore.getState();

  it('loads the ledger, then follows pushed changes in order', async () => {
    fake.answer('earnings.list', ledger);
    await store.earningsActions.load();
    expect(state()).toEqual({ earnings: ledger, error: null, loadingOlder: false });
    fake.emit('earnings.changed', { ...ledger, totals: { pending: '12000', settled: '0' } });
    fake.emit('earnings.changed', settled);
    expect(state().earnings).toEqual(settled);
  });

  it('shows a failed read, and a pushed ledger clears the error', async () => {
    fake.fail('earnings.list', 'The grid did not answer.');
    await store.earningsActions.load();
    expect(state()).toEqual({ earnings: null, error: 'The grid did not answer.', loadingOlder: false });
    fake.emit('earnings.changed', settled);
    expect(state()).toEqual({ earnings: settled, error: null, loadingOlder: false });
  });

  it('shows older pages below the newest, and keeps them when the host pushes a new newest page', async () => {
    const row = (n: number): JobRecord => ({ ...ledger.entries[0]!, runId: `run-${n}`, endedAt: new Date(Date.UTC(2026, 10, 25, 10, 0, n)).toISOString() });
    const rows = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => row(from - i));
    fake.answer('earnings.list', { ...ledger, entries: rows(9, 7), nextBefore: 'c-7' });
    await store.earningsActions.load();
    fake.answer('earnings.list', { ...ledger, entries: rows(6, 4), nextBefore: 'c-4' });
    await store.earningsActions.loadOlder();
    expect(fake.calls.at(-1)).toEqual({ method: 'earnings.list', params: { before: 'c-7' } });
    expect(state().earnings!.entries.map((e) => e.runId)).toEqual(['run-9', 'run-8', 'run-7', 'run-6', 'run-5', 'run-4']);
    expect(state().earnings!.nextBefore).toBe('c-4');

    // A job settles: the host pushes its newest page (one row newer); the older pages stay.
    fake.emit('earnings.changed', { ...ledger, entries: rows(10, 8), nextBefore: 'c-8', totals: { pending: '1', settled: '0' } });
    expect(state().earnings!.entries.map((e) => e.runId)).toEqual(['run-10', 'run-9', 'run-8', 'run-7', 'run-6', 'run-5', 'run-4']);
    expect(state().earnings).toMatchObject({ nextBefore: 'c-4', totals: { pending: '1' } });

    fake.answer('earnings.list', { ...ledger, entries: rows(3, 1), nextBefore: null });
    await store.earningsActions.loadOlder();
    expect(state().earnings!.entries).toHaveLength(10);
    expect(state().earnings!.nextBefore).toBeNull();
  });

  it('reloads after a reconnection with one listener', async () => {
    fake.answer('earnings.list', ledger);
    await store.earningsActions.load();
    fake.answer('earnings.list', settled);
    await store.earningsActions.load();
    expect(state().earnings).toEqual(settled);
    expect(fake.listenerCount('earnings.changed')).toBe(1);
  });
});
