import { beforeEach, describe, expect, it } from 'vitest';
import type { EarningsSnapshot } from '../../../../src/shared/contract/grid';
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
    expect(state()).toEqual({ earnings: ledger, error: null });
    fake.emit('earnings.changed', { ...ledger, totals: { pending: '12000', settled: '0' } });
    fake.emit('earnings.changed', settled);
    expect(state().earnings).toEqual(settled);
  });

  it('shows a failed read, and a pushed ledger clears the error', async () => {
    fake.fail('earnings.list', 'The grid did not answer.');
    await store.earningsActions.load();
    expect(state()).toEqual({ earnings: null, error: 'The grid did not answer.' });
    fake.emit('earnings.changed', settled);
    expect(state()).toEqual({ earnings: settled, error: null });
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
