import type { GridhostApi } from '../../shared/api-surface';
import type { BenchmarkPart, BenchmarkProgress, BenchmarkResult } from '../../shared/contract/gpu';

/**
 * Runs a benchmark through the API, as the Hardware page does: start it, follow its progress events, and
 * resolve with its `gpu.benchmark.finished` result. Ctrl+C cancels it (the result then says `cancelled`).
 */
export async function runBenchmarkThroughApi(
  api: GridhostApi,
  parts: BenchmarkPart[] | undefined,
  onProgress: (progress: BenchmarkProgress) => void,
): Promise<BenchmarkResult> {
  let runId: string | null = null;
  const finished = new Map<string, BenchmarkResult>();
  let settle: ((result: BenchmarkResult) => void) | null = null;
  const stopProgress = api.onGpuBenchmarkProgress((progress) => {
    if (runId === null || progress.runId === runId) onProgress(progress);
  });
  const stopFinished = api.onGpuBenchmarkFinished((result) => {
    finished.set(result.id, result);
    if (result.id === runId) settle?.(result);
  });
  const interrupt = () => {
    if (runId) void api.gpuBenchmarkCancel({ runId }).catch(() => undefined);
  };
  process.once('SIGINT', interrupt);
  try {
    const done = new Promise<BenchmarkResult>((resolve) => (settle = resolve));
    runId = (await api.gpuBenchmarkStart(parts ? { parts } : {})).runId;
    // A short run can finish before `start` has answered.
    return finished.get(runId) ?? (await done);
  } finally {
    process.off('SIGINT', interrupt);
    stopProgress();
    stopFinished();
  }
}
