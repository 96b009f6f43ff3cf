import { create } from 'zustand';
import type { EarningsSnapshot } from '../../../shared/contract/grid';
import { api } from '../api/client';

interface EarningsStore {
  earnings: EarningsSnapshot | null;
  error: string | null;
}

export const useEarningsStore = create<EarningsStore>(() => ({ earnings: null, error: null }));

let unsubscribe: (() => void) | null = null;

export const earningsActions = {
  /** Loads the ledger (read from the grid) once, then follows pushed changes. */
  async load(): Promise<void> {
    unsubscribe ??= api().onEarningsChanged((earnings) => useEarningsStore.setState({ earnings, error: null }));
    try {
      useEarningsStore.setState({ earnings: await api().earningsList(), error: null });
    } catch (err) {
      useEarningsStore.setState({ error: (err as Error).message });
    }
  },
};

export const useEarnings = () => useEarningsStore((s) => s.earnings);
export const useEarningsError = () => useEarningsStore((s) => s.error);
