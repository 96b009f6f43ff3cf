import { create } from 'zustand';
import type { ExplorerSnapshot } from '../../../shared/contract/earnings';
import { api } from '../api/client';

interface ExplorerStore {
  snapshot: ExplorerSnapshot | null;
  error: string | null;
}

export const useExplorerStore = create<ExplorerStore>(() => ({ snapshot: null, error: null }));

export const explorerActions = {
  async load(): Promise<void> {
    try {
      useExplorerStore.setState({ snapshot: await api().explorerSnapshot(), error: null });
    } catch (err) {
      useExplorerStore.setState({ error: (err as Error).message });
    }
  },
};

export const useExplorer = () => useExplorerStore((s) => s.snapshot);
export const useExplorerError = () => useExplorerStore((s) => s.error);
