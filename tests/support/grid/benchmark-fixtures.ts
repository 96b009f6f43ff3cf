import type { BenchmarkReport, Enrollment } from '../../../src/main/core/grid/protocol';
import { GRID_TERMS_VERSION } from '../../../src/main/core/grid/protocol';

/** A benchmark of an RTX 3060 12 GB host that passes every check. */
export function passingBenchmark(overrides: Partial<BenchmarkReport> = {}): BenchmarkReport {
  return {
    ranAt: '2026-11-25T12:00:00.000Z',
    passed: true,
    system: { cpuCores: 8, ramGiB: 32, diskFreeGB: 120 },
    network: { pingMs: 12, downloadMbps: 300, uploadMbps: 40 },
    gpu: {
      name: 'NVIDIA GeForce RTX 3060',
      catalogueId: 'rtx-3060',
      market: 'nvidia-3060',
      vramMiB: 12288,
      driverVersion: '550.54.14',
      cudaVersion: '12.4',
      containerCheck: 'passed',
    },
    ...overrides,
  };
}

export function enrollmentWith(benchmark: BenchmarkReport = passingBenchmark()): Enrollment {
  return { termsVersion: GRID_TERMS_VERSION, acceptTerms: true, contact: { email: 'owner@example.com' }, benchmark };
}

const figure = (median: number) => ({ median, min: median, max: median, runs: 3, spreadPercent: 0 });

/**
 * A headless host's `benchmarks.json` holding one finished benchmark, as the Hardware page leaves it on a machine
 * without a GPU: enrollment submits it, and the local grid onboards the node in cpu-dev.
 */
export function benchmarkHistoryWithoutGpu(gridUrl: string): string {
  return JSON.stringify({
    version: 1,
    results: [
      {
        id: 'bench-e2e',
        startedAt: '2026-11-25T10:00:00.000Z',
        finishedAt: '2026-11-25T10:02:00.000Z',
        outcome: 'partial',
        driverVersion: null,
        system: null,
        network: { gridUrl, latencyMs: figure(1), downloadMbps: figure(900), uploadMbps: figure(800) },
        gpus: [],
        errors: [{ part: 'gpu', message: 'No NVIDIA GPU was found.' }],
      },
    ],
  });
}
