import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import type { HostStatus } from '../../../shared/host-state';
import { api } from '../api/client';

interface HostStore {
  status: HostStatus | null;
  info: AppInfo | null;
  error: string | null;
}

export const useHostStore = create<HostStore>(() => ({ status: null, info: null, error: null }));

let unsubscribe: (() => void) | null = null;

export const hostActions = {
  /** Loads the snapshot once and then follows pushed state changes. Safe to call again after a reconnect. */
  async load(): Promise<void> {
    unsubscribe ??= api().onHostState((status) => useHostStore.setState({ status }));
    try {
      const [status, info] = await Promise.all([api().hostStatus(), api().appInfo()]);
      useHostStore.setState({ status, info, error: null });
    } catch (err) {
      useHostStore.setState({ error: (err as Error).message });
    }
  },
  async checkAgain(): Promise<void> {
    try {
      await api().hostPreflight();
    } catch (err) {
      useHostStore.setState({ error: (err as Error).message });
    }
  },
};

export const useHostStatus = () => useHostStore((s) => s.status);
export const useAppInfo = () => useHostStore((s) => s.info);
export const useHostError = () => useHostStore((s) => s.error);
