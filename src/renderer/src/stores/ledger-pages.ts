import type { StoreApi } from 'zustand';
import type { JobRecord } from '../../../shared/contract/grid';

/** Rows of the ledger a page holds, and where the next older page starts (null: none older). */
export interface LoadedRows {
  rows: JobRecord[];
  nextBefore: string | null;
}

/** Newest first: later end, then the greater run id (the host's order). */
const isOlder = (a: JobRecord, b: JobRecord) => a.endedAt < b.endedAt || (a.endedAt === b.endedAt && a.runId < b.runId);

/**
 * The newest page the host pushed (`jobs.changed`, `earnings.changed`), laid over what the page has loaded: the
 * pushed rows replace the newest ones, and the older pages the owner opened stay below them.
 */
export function withNewestPage(loaded: LoadedRows | null, pushed: LoadedRows): LoadedRows {
  const last = pushed.rows.at(-1);
  if (!loaded || pushed.nextBefore === null || !last) return pushed;
  const pushedIds = new Set(pushed.rows.map((r) => r.runId));
  const older = loaded.rows.filter((r) => !pushedIds.has(r.runId) && isOlder(r, last));
  return older.length > 0 ? { rows: [...pushed.rows, ...older], nextBefore: loaded.nextBefore } : pushed;
}

/** An older page appended below what is loaded (a row already shown is not shown twice). */
export function withOlderPage(loaded: LoadedRows, older: LoadedRows): LoadedRows {
  const shown = new Set(loaded.rows.map((r) => r.runId));
  return { rows: [...loaded.rows, ...older.rows.filter((r) => !shown.has(r.runId))], nextBefore: older.nextBefore };
}

/** What a store with a paged list keeps besides its rows. */
interface PagedState {
  loadingOlder: boolean;
  error: string | null;
}

/**
 * "Show older": reads the page after the last one loaded and appends it, with the store's `loadingOlder` flag
 * set meanwhile (a second press while reading does nothing) and a failure in `error`.
 */
export async function showOlder<S extends PagedState>(
  store: Pick<StoreApi<S>, 'getState' | 'setState'>,
  loaded: (state: S) => LoadedRows | null,
  read: (before: string) => Promise<LoadedRows>,
  put: (state: S, rows: LoadedRows) => Partial<S>,
): Promise<void> {
  const before = loaded(store.getState())?.nextBefore;
  if (!before || store.getState().loadingOlder) return;
  store.setState({ loadingOlder: true } as Partial<S>);
  try {
    const older = await read(before);
    store.setState((s) => {
      const current = loaded(s);
      return (current ? { ...put(s, withOlderPage(current, older)), loadingOlder: false, error: null } : { loadingOlder: false }) as Partial<S>;
    });
  } catch (err) {
    store.setState({ error: (err as Error).message, loadingOlder: false } as Partial<S>);
  }
}
