import type { BenchmarkResult, DetectionReport } from '../../../shared/contract/gpu';
import type { BenchmarkReport } from './protocol';

// Checks that are about the GPU: on a machine without one they fail by nature, and the grid decides
// whether it takes such machines (the local grid's cpu-dev market does).
const GPU_CHECKS = new Set(['nvidia-driver', 'gpu-supported', 'gpu-vram', 'gpu-container', 'container-toolkit']);

/**
 * The benchmark summary sent with an enrollment, from the machine's detection report and its benchmark.
 * The grid reviews the figures; `passed` is the host's own verdict (every check that applies passed and the
 * benchmark ran to the end).
 */
export function enrollmentBenchmark(detection: DetectionReport, benchmark: BenchmarkResult): BenchmarkReport {
  const gpu = detection.gpus.find((g) => g.supported) ?? detection.gpus[0] ?? null;
  const applies = (id: string) => gpu !== null || !GPU_CHECKS.has(id);
  const checksPass = detection.checks.every((c) => c.status !== 'fail' || !applies(c.id));
  const ran = benchmark.outcome === 'completed' || benchmark.outcome === 'partial';
  const containerCheck = detection.checks.find((c) => c.id === 'gpu-container')?.status === 'pass' ? 'passed' : 'failed';
  return {
    ranAt: benchmark.finishedAt,
    passed: checksPass && ran,
    system: {
      cpuCores: Math.max(1, detection.system.cpu?.cores ?? 1),
      ramGiB: round2((detection.system.ramBytes ?? 0) / 1024 ** 3),
      diskFreeGB: round2((detection.system.diskFreeBytes ?? 0) / 1e9),
    },
    network: {
      pingMs: round2(benchmark.network?.latencyMs.median ?? 0),
      downloadMbps: round2(benchmark.network?.downloadMbps.median ?? 0),
      uploadMbps: round2(benchmark.network?.uploadMbps.median ?? 0),
    },
    gpu: gpu
      ? {
          name: gpu.name.slice(0, 200),
          catalogueId: gpu.model,
          market: gpu.market,
          vramMiB: gpu.vramMiB,
          driverVersion: gpu.driverVersion.slice(0, 32),
          cudaVersion: gpu.cudaVersion?.slice(0, 32) ?? null,
          containerCheck,
        }
      : null,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
