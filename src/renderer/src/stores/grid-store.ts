import { create } from 'zustand';
import type { ParamsIn } from '../../../shared/contract';
import type { GridSnapshot } from '../../../shared/contract/grid';
import { api } from '../api/client';

interface GridStore {
  snapshot: GridSnapshot | null;
  /** The last failed action, in the owner's words. */
  error: string | null;
  /** An action is in flight (enroll, refresh, start, pause). */
  busy: boolean;
}

export const useGridStore = create<GridStore>(() => ({ snapshot: null, error: null, busy: false }));

let unsubscribe: (() => void) | null = null;

async function act(fn: () => Promise<GridSnapshot>): Promise<boolean> {
  useGridStore.setState({ busy: true, error: null });
  try {
    useGridStore.setState({ snapshot: await fn(), busy: false });
    return true;
  } catch (err) {
    useGridStore.setState({ error: (err as Error).message, busy: false });
    return false;
  }
}

export const gridActions = {
  /** The last known snapshot at once, then the grid's answer; pushed changes after that. */
  async load(): Promise<void> {
    unsubscribe ??= api().onGridChanged((snapshot) => useGridStore.setState({ snapshot }));
    if (await act(() => api().gridSnapshot())) await act(() => api().gridRefresh());
  },
  refresh: () => act(() => api().gridRefresh()),
  enroll: (params: ParamsIn<'grid.enroll'>) => act(() => api().gridEnroll(params)),
  startSharing: () => act(() => api().gridSharingStart()),
  pauseSharing: () => act(() => api().gridSharingPause()),
};

export const useGridSnapshot = () => useGridStore((s) => s.snapshot);
export const useGridError = () => useGridStore((s) => s.error);
export const useGridBusy = () => useGridStore((s) => s.busy);
