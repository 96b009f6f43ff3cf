import { beforeEach, describe, expect, it } from 'vitest';
import type { WalletStatus } from '../../../../src/shared/contract/wallet';
import { defaultSettings, type Settings } from '../../../../src/shared/settings';
import { requestSamples } from '../../../support/contract-samples';
import type { FakeGridhostApi } from '../../../support/fake-gridhost-api';
import { storeWithFakeApi } from '../../../support/renderer-stores';

const status = requestSamples['wallet.status'].result;
const payout = requestSamples['wallet.payout.set'].result.payoutAddress;
const settingsWith = (wallet: Partial<Settings['wallet']>): Settings => ({ ...defaultSettings(), wallet: { ...defaultSettings().wallet, ...wallet } });

describe('the wallet store', () => {
  let fake: FakeGridhostApi;
  let store: typeof import('../../../../src/renderer/src/stores/wallet-store');
  beforeEach(async () => {
    ({ fake, store } = await storeWithFakeApi(() => import('../../../../src/renderer/src/stores/wallet-store')));
    fake.answer('wallet.status', status);
  });
  const state = () => store.useWalletStore.getState();
  const statusReads = () => fake.methods().filter((m) => m === 'wallet.status').length;

  it('reads the wallet, loading meanwhile', async () => {
    const read = fake.hold('wallet.status');
    const loading = store.walletActions.load();
    expect(state().loading).toBe(true);
    read.release(status);
    await loading;
    expect(state()).toMatchObject({ status, loading: false, error: null });
  });

  it('shows why the wallet cannot be read', async () => {
    fake.fail('wallet.status', 'The node key is locked.');
    await store.walletActions.load();
    expect(state()).toMatchObject({ status: null, loading: false, error: 'The node key is locked.' });
  });

  it('reads the wallet again when the cluster or payout address changes elsewhere, and not otherwise', async () => {
    await store.walletActions.load();
    await store.walletActions.load();
    expect(fake.listenerCount('settings.changed')).toBe(1);
    expect(statusReads()).toBe(2);
    fake.emit('settings.changed', settingsWith({ cluster: status.cluster, payoutAddress: status.payoutAddress }));
    expect(statusReads()).toBe(2);
    fake.emit('settings.changed', settingsWith({ cluster: 'mainnet-beta', payoutAddress: status.payoutAddress }));
    await expect.poll(statusReads).toBe(3);
    fake.emit('settings.changed', settingsWith({ cluster: status.cluster, payoutAddress: payout }));
    await expect.poll(statusReads).toBe(4);
  });

  it('saves a payout address and shows it, or shows why it was refused', async () => {
    await store.walletActions.load();
    fake.answer('wallet.payout.set', { payoutAddress: payout });
    expect(await store.walletActions.setPayout(payout)).toBe(true);
    expect(fake.calls.at(-1)).toEqual({ method: 'wallet.payout.set', params: { address: payout } });
    expect(state()).toMatchObject({ status: { ...status, payoutAddress: payout, payoutProblem: null }, payout: { saving: false, error: null } });

    fake.fail('wallet.payout.set', 'That is the node key itself.', 'invalid_params');
    expect(await store.walletActions.setPayout(status.address)).toBe(false);
    expect(state().payout).toEqual({ saving: false, error: 'That is the node key itself.' });
    store.walletActions.clearPayoutError();
    expect(state().payout.error).toBeNull();
  });

  it('switches the cluster (keeping or setting a custom endpoint) and reads the wallet again', async () => {
    const mainnet: WalletStatus = { ...status, cluster: 'mainnet-beta' };
    fake.answer('settings.update', settingsWith({ cluster: 'mainnet-beta' })).answer('wallet.status', mainnet);
    expect(await store.walletActions.setNetwork('mainnet-beta', null)).toBe(true);
    expect(await store.walletActions.setNetwork('custom', 'https://rpc.example.com')).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'settings.update').map((c) => c.params)).toEqual([
      { wallet: { cluster: 'mainnet-beta' } },
      { wallet: { cluster: 'custom', customRpcUrl: 'https://rpc.example.com' } },
    ]);
    expect(statusReads()).toBe(2);
    expect(state()).toMatchObject({ status: mainnet, network: { saving: false, error: null } });

    fake.fail('settings.update', 'customRpcUrl: must be https', 'invalid_params');
    expect(await store.walletActions.setNetwork('custom', 'http://rpc.example.com')).toBe(false);
    expect(state().network).toEqual({ saving: false, error: 'customRpcUrl: must be https' });
    expect(statusReads()).toBe(2);
  });
});
