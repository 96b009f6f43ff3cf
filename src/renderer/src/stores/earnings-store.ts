import { create } from 'zustand';
import type { EarningsSnapshot } from '../../../shared/contract/grid';
import { api } from '../api/client';
import { showOlder, withNewestPage } from './ledger-pages';

interface EarningsStore {
  /** The totals and every row loaded so far (the newest page, and the older pages the owner opened). */
  earnings: EarningsSnapshot | null;
  error: string | null;
  /** An older page is being read. */
  loadingOlder: boolean;
}

export const useEarningsStore = create<EarningsStore>(() => ({ earnings: null, error: null, loadingOlder: false }));

let unsubscribe: (() => void) | null = null;

const rowsOf = (e: EarningsSnapshot) => ({ rows: e.entries, nextBefore: e.nextBefore });

/** A pushed or re-read newest page, over the rows already loaded. */
function applyNewest(pushed: EarningsSnapshot): void {
  useEarningsStore.setState((s) => {
    const merged = withNewestPage(s.earnings && rowsOf(s.earnings), rowsOf(pushed));
    return { earnings: { ...pushed, entries: merged.rows, nextBefore: merged.nextBefore }, error: null };
  });
}

export const earningsActions = {
  /** Loads the newest page (read from the grid) once, then follows pushed changes. */
  async load(): Promise<void> {
    unsubscribe ??= api().onEarningsChanged(applyNewest);
    try {
      const first = await api().earningsList();
      useEarningsStore.setState({ earnings: first, error: null });
    } catch (err) {
      useEarningsStore.setState({ error: (err as Error).message });
    }
  },

  /** Appends the next older page ("Show older"). */
  loadOlder(): Promise<void> {
    return showOlder(
      useEarningsStore,
      (s) => s.earnings && rowsOf(s.earnings),
      async (before) => rowsOf(await api().earningsList({ before })),
      (s, merged) => ({ earnings: s.earnings && { ...s.earnings, entries: merged.rows, nextBefore: merged.nextBefore } }),
    );
  },
};

export const useEarnings = () => useEarningsStore((s) => s.earnings);
export const useEarningsError = () => useEarningsStore((s) => s.error);
export const useEarningsLoadingOlder = () => useEarningsStore((s) => s.loadingOlder);
