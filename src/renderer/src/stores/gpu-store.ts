import { create } from 'zustand';
import type { BenchmarkPart, BenchmarkProgress, BenchmarkResult, DetectionReport } from '../../../shared/contract/gpu';
import { api } from '../api/client';

interface GpuStore {
  report: DetectionReport | null;
  /** A detection ("Check again") is in flight. */
  detecting: boolean;
  runningId: string | null;
  progress: BenchmarkProgress | null;
  /** Past benchmark results, newest first. */
  history: BenchmarkResult[];
  /** The last failed action, in the owner's words. */
  error: string | null;
}

export const useGpuStore = create<GpuStore>(() => ({
  report: null,
  detecting: false,
  runningId: null,
  progress: null,
  history: [],
  error: null,
}));

let unsubscribers: Array<() => void> | null = null;

function listen(): void {
  unsubscribers ??= [
    api().onGpuDetected((report) => useGpuStore.setState({ report })),
    api().onGpuBenchmarkProgress((progress) => useGpuStore.setState({ runningId: progress.runId, progress })),
    api().onGpuBenchmarkFinished((result) =>
      useGpuStore.setState((s) => ({
        runningId: null,
        progress: null,
        // A cancelled run is not stored by the host; show only what it keeps.
        history: result.outcome === 'cancelled' ? s.history : [result, ...s.history.filter((r) => r.id !== result.id)],
        error: result.outcome === 'cancelled' ? null : s.error,
      })),
    ),
  ];
}

/** What the Hardware page does: load, check again, start and cancel a benchmark. */
export const gpuActions = {
  /** The snapshot at once, then a fresh detection when there was none yet; pushed events after that. */
  async load(): Promise<void> {
    listen();
    try {
      const snapshot = await api().gpuSnapshot();
      useGpuStore.setState({ report: snapshot.report, runningId: snapshot.benchmark.runningId, history: snapshot.benchmark.history });
      if (snapshot.report === null) await gpuActions.detect();
    } catch (err) {
      useGpuStore.setState({ error: (err as Error).message });
    }
  },
  /** Runs every check again ("Check again"). */
  async detect(): Promise<void> {
    useGpuStore.setState({ detecting: true, error: null });
    try {
      useGpuStore.setState({ report: await api().gpuDetect(), detecting: false });
    } catch (err) {
      useGpuStore.setState({ error: (err as Error).message, detecting: false });
    }
  },
  async startBenchmark(parts?: BenchmarkPart[]): Promise<void> {
    useGpuStore.setState({ error: null });
    try {
      const { runId } = await api().gpuBenchmarkStart(parts ? { parts } : {});
      useGpuStore.setState({ runningId: runId, progress: null });
    } catch (err) {
      useGpuStore.setState({ error: (err as Error).message });
    }
  },
  async cancelBenchmark(): Promise<void> {
    const runId = useGpuStore.getState().runningId;
    if (runId === null) return;
    try {
      await api().gpuBenchmarkCancel({ runId });
    } catch (err) {
      useGpuStore.setState({ error: (err as Error).message });
    }
  },
};

/** Selector hooks: the last detection report, and the benchmark's state and history. */
export const useGpuReport = () => useGpuStore((s) => s.report);
export const useGpuDetecting = () => useGpuStore((s) => s.detecting);
export const useGpuError = () => useGpuStore((s) => s.error);
export const useBenchmarkRunningId = () => useGpuStore((s) => s.runningId);
export const useBenchmarkProgress = () => useGpuStore((s) => s.progress);
export const useBenchmarkHistory = () => useGpuStore((s) => s.history);
