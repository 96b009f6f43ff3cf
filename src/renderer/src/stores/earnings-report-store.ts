import { create } from 'zustand';
import type { EarningsReport, PayoutsSnapshot } from '../../../shared/contract/earnings';
import { api } from '../api/client';

interface EarningsReportStore {
  report: EarningsReport | null;
  payouts: PayoutsSnapshot | null;
  error: string | null;
  exporting: boolean;
}

export const useEarningsReportStore = create<EarningsReportStore>(() => ({ report: null, payouts: null, error: null, exporting: false }));

let following: (() => void) | null = null;

/** Saves text as a file through the browser's download (works in the desktop app and the headless dashboard). */
function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const earningsReportActions = {
  /** Reads the report (and the payouts, with `payouts`), then again whenever the ledger changes. */
  async load(options: { payouts?: boolean } = {}): Promise<void> {
    following ??= api().onEarningsChanged(() => void earningsReportActions.reload());
    await Promise.all([earningsReportActions.reload(), options.payouts ? earningsReportActions.loadPayouts() : null]);
  },
  async reload(): Promise<void> {
    try {
      useEarningsReportStore.setState({ report: await api().earningsReport(), error: null });
    } catch (err) {
      useEarningsReportStore.setState({ error: (err as Error).message });
    }
  },
  async loadPayouts(): Promise<void> {
    try {
      useEarningsReportStore.setState({ payouts: await api().earningsPayouts() });
    } catch (err) {
      useEarningsReportStore.setState({ payouts: { payouts: [], problem: (err as Error).message } });
    }
  },
  async exportCsv(): Promise<void> {
    useEarningsReportStore.setState({ exporting: true });
    try {
      const exported = await api().earningsExport();
      download(exported.filename, exported.csv, 'text/csv;charset=utf-8');
    } catch (err) {
      useEarningsReportStore.setState({ error: `Could not export the CSV: ${(err as Error).message}` });
    } finally {
      useEarningsReportStore.setState({ exporting: false });
    }
  },
};

export const useEarningsReport = () => useEarningsReportStore((s) => s.report);
export const usePayouts = () => useEarningsReportStore((s) => s.payouts);
export const useEarningsReportError = () => useEarningsReportStore((s) => s.error);
export const useExporting = () => useEarningsReportStore((s) => s.exporting);
