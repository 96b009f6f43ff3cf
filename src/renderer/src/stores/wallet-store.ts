import { create } from 'zustand';
import type { WalletStatus } from '../../../shared/contract/wallet';
import { ClientSettingsPatchSchema } from '../../../shared/settings';
import { fieldIssues } from '../../../shared/settings-issues';
import { api } from '../api/client';

interface WalletStore {
  status: WalletStatus | null;
  /** A balance or earnings read in flight (the first load or a refresh). */
  loading: boolean;
  /** Why the wallet could not be read at all (for example the node key is locked). */
  error: string | null;
  payout: { saving: boolean; error: string | null };
  network: { saving: boolean; error: string | null };
}

export const useWalletStore = create<WalletStore>(() => ({
  status: null,
  loading: false,
  error: null,
  payout: { saving: false, error: null },
  network: { saving: false, error: null },
}));

let unsubscribe: (() => void) | null = null;

/**
 * The Wallet page's data. Balances come from a Solana RPC endpoint, so they are read when the page opens and
 * when the owner asks, never on a timer. A payout address change made anywhere arrives as `settings.changed`.
 */
export const walletActions = {
  async load(): Promise<void> {
    unsubscribe ??= api().onSettingsChanged((settings) => {
      const status = useWalletStore.getState().status;
      if (!status) return;
      if (settings.wallet.cluster !== status.cluster) void walletActions.load();
      // A change from elsewhere is read back through main, which checks it again.
      else if (settings.wallet.payoutAddress !== status.payoutAddress) void walletActions.load();
    });
    useWalletStore.setState({ loading: true });
    try {
      useWalletStore.setState({ status: await api().walletStatus(), error: null });
    } catch (err) {
      useWalletStore.setState({ error: (err as Error).message });
    } finally {
      useWalletStore.setState({ loading: false });
    }
  },

  /** Sets the payout address (null clears it). Returns whether it was saved; the reason shows by the field. */
  async setPayout(address: string | null): Promise<boolean> {
    useWalletStore.setState({ payout: { saving: true, error: null } });
    try {
      const { payoutAddress } = await api().walletPayoutSet({ address });
      const status = useWalletStore.getState().status;
      useWalletStore.setState({
        status: status ? { ...status, payoutAddress, payoutProblem: null } : status,
        payout: { saving: false, error: null },
      });
      return true;
    } catch (err) {
      useWalletStore.setState({ payout: { saving: false, error: (err as Error).message } });
      return false;
    }
  },

  /** Switches the cluster balances are read from (a custom URL: null keeps the saved one), then re-reads. */
  async setNetwork(cluster: WalletStatus['cluster'], customRpcUrl: string | null): Promise<boolean> {
    const patch = { wallet: customRpcUrl === null ? { cluster } : { cluster, customRpcUrl } };
    // The same check the host makes, first, so a refusal is a sentence about the field, not the schema's words.
    const checked = ClientSettingsPatchSchema.safeParse(patch);
    if (!checked.success) {
      useWalletStore.setState({ network: { saving: false, error: fieldIssues(checked.error).map((f) => f.sentence).join(' ') } });
      return false;
    }
    useWalletStore.setState({ network: { saving: true, error: null } });
    try {
      await api().settingsUpdate(patch);
      useWalletStore.setState({ network: { saving: false, error: null } });
      await walletActions.load();
      return true;
    } catch (err) {
      useWalletStore.setState({ network: { saving: false, error: (err as Error).message } });
      return false;
    }
  },

  clearPayoutError(): void {
    useWalletStore.setState({ payout: { ...useWalletStore.getState().payout, error: null } });
  },
};

export const useWalletStatus = () => useWalletStore((s) => s.status);
export const useWalletLoading = () => useWalletStore((s) => s.loading);
export const useWalletError = () => useWalletStore((s) => s.error);
export const usePayoutState = () => useWalletStore((s) => s.payout);
export const useNetworkState = () => useWalletStore((s) => s.network);
