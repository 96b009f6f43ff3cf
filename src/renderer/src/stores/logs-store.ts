import { create } from 'zustand';
import type { BundleExportResult, BundlePreview, BundleTarget, LogLine, SupportReport } from '../../../shared/contract/logs';
import { api } from '../api/client';

type Level = LogLine['level'];

interface LogsStore {
  recent: { lines: LogLine[]; more: boolean; loading: boolean; error: string | null; level: Level; search: string };
  preview: { data: BundlePreview | null; loading: boolean; error: string | null };
  exporting: { running: boolean; progress: { doneBytes: number; totalBytes: number } | null; result: BundleExportResult | null; error: string | null };
  inspected: { path: string; loading: boolean; report: SupportReport | null; error: string | null };
}

export const useLogsStore = create<LogsStore>(() => ({
  recent: { lines: [], more: false, loading: false, error: null, level: 'info', search: '' },
  preview: { data: null, loading: false, error: null },
  exporting: { running: false, progress: null, result: null, error: null },
  inspected: { path: '', loading: false, report: null, error: null },
}));

const RECENT_LIMIT = 200;

function patch<K extends keyof LogsStore>(key: K, value: Partial<LogsStore[K]>): void {
  useLogsStore.setState((s) => ({ [key]: { ...s[key], ...value } }) as Pick<LogsStore, K>);
}

/**
 * The Support page's data: the log tail (read when the page opens and when the owner asks, never on a
 * timer), the bundle preview and export with its progress events, and a bundle opened for support.
 */
export const logsActions = {
  async loadRecent(filter: { level?: Level; search?: string } = {}): Promise<void> {
    const { level, search } = { ...useLogsStore.getState().recent, ...filter };
    patch('recent', { loading: true, level, search });
    try {
      const result = await api().logsRecent({ level, search: search.trim() || undefined, limit: RECENT_LIMIT });
      patch('recent', { lines: result.lines, more: result.more, error: null });
    } catch (err) {
      patch('recent', { error: (err as Error).message });
    } finally {
      patch('recent', { loading: false });
    }
  },

  async loadPreview(): Promise<void> {
    patch('preview', { loading: true });
    try {
      patch('preview', { data: await api().logsBundlePreview(), error: null });
    } catch (err) {
      patch('preview', { error: (err as Error).message });
    } finally {
      patch('preview', { loading: false });
    }
  },

  async exportBundle(): Promise<void> {
    patch('exporting', { running: true, progress: null, result: null, error: null });
    const stop = api().onLogsBundleProgress((progress) => patch('exporting', { progress }));
    try {
      const result = await api().logsBundleExport();
      patch('exporting', { result });
      // The bundle just saved is the one the owner is most likely to open next.
      if (!useLogsStore.getState().inspected.path) patch('inspected', { path: result.path });
    } catch (err) {
      patch('exporting', { error: (err as Error).message });
    } finally {
      stop();
      patch('exporting', { running: false });
    }
  },

  setInspectPath(path: string): void {
    patch('inspected', { path });
  },

  async inspect(): Promise<void> {
    const path = useLogsStore.getState().inspected.path.trim();
    if (!path) {
      patch('inspected', { error: 'Type the name of a support bundle (.zip) in the support folder.' });
      return;
    }
    await openBundle({ path });
  },

  /** Desktop: the owner chooses any bundle in the main process's file dialog; the page only sees its name. */
  async chooseAndInspect(): Promise<void> {
    patch('inspected', { error: null });
    try {
      const picked = await api().logsBundlePick();
      if (!picked) return;
      patch('inspected', { path: picked.name });
      await openBundle({ handle: picked.handle });
    } catch (err) {
      patch('inspected', { error: (err as Error).message });
    }
  },
};

async function openBundle(target: BundleTarget): Promise<void> {
  patch('inspected', { loading: true, error: null });
  try {
    patch('inspected', { report: await api().logsBundleInspect(target) });
  } catch (err) {
    patch('inspected', { report: null, error: (err as Error).message });
  } finally {
    patch('inspected', { loading: false });
  }
}

export const useRecentLogs = () => useLogsStore((s) => s.recent);
export const useBundlePreview = () => useLogsStore((s) => s.preview);
export const useBundleExport = () => useLogsStore((s) => s.exporting);
export const useInspectedBundle = () => useLogsStore((s) => s.inspected);

const MAX_MESSAGE = 2000;
const MAX_STACK = 16_000;

/**
 * Sends this window's uncaught errors and unhandled rejections to the main log (component 'renderer'), so a
 * support bundle holds them. Main rate-limits them; a report that fails to send is dropped quietly, since
 * reporting must never cause another error.
 */
export function forwardRendererErrors(target: Window): void {
  const send = (message: string, stack: string | undefined) => {
    void api()
      .logsReport({
        level: 'error',
        message: message.slice(0, MAX_MESSAGE) || 'Unknown error',
        stack: stack?.slice(0, MAX_STACK),
        source: target.location.hash.slice(0, 500) || '#/',
      })
      .catch(() => undefined);
  };
  target.addEventListener('error', (event) => {
    const err = event.error as Error | undefined;
    send(err?.message ?? event.message, err?.stack);
  });
  target.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason as unknown;
    send(reason instanceof Error ? reason.message : String(reason), reason instanceof Error ? reason.stack : undefined);
  });
}
