import { describe, expect, it } from 'vitest';
import type { BenchmarkResult, DetectionReport, ReadinessCheck } from '../../../../../src/shared/contract/gpu';
import { enrollmentBenchmark } from '../../../../../src/main/core/grid/enrollment-benchmark';
import { BenchmarkReportSchema } from '../../../../../src/main/core/grid/protocol';

const figure = (median: number) => ({ median, min: median, max: median, runs: 3, spreadPercent: 0 });
const check = (id: string, status: ReadinessCheck['status']): ReadinessCheck => ({ id, title: id, status, message: id, fix: null });

function detection(gpus: DetectionReport['gpus'], checks: ReadinessCheck[]): DetectionReport {
  return {
    detectedAt: '2026-11-25T10:00:00.000Z',
    gpus,
    checks,
    eligible: checks.every((c) => c.status !== 'fail'),
    nvidiaSmi: { state: 'ok', path: '/usr/bin/nvidia-smi', message: null, fix: null } as unknown as DetectionReport['nvidiaSmi'],
    system: { cpu: { model: 'x', cores: 8, physicalCores: 4 }, ramBytes: 32 * 1024 ** 3, os: null, dataDir: '/d', diskFreeBytes: 120e9, laptop: false },
  };
}

const benchmark: BenchmarkResult = {
  id: 'b1',
  startedAt: '2026-11-25T10:00:00.000Z',
  finishedAt: '2026-11-25T10:03:00.000Z',
  outcome: 'completed',
  driverVersion: '550.54.14',
  system: null,
  network: { gridUrl: 'http://127.0.0.1:7070', latencyMs: figure(12.345), downloadMbps: figure(300), uploadMbps: figure(40) },
  gpus: [],
  errors: [],
};

const unknown = null;
const gpu: DetectionReport['gpus'][number] = {
  index: 0,
  uuid: 'GPU-12345678-aaaa-bbbb-cccc-1234567890ab',
  name: 'NVIDIA GeForce RTX 3060',
  model: 'rtx-3060',
  vramMiB: 12288,
  laptop: false,
  driverVersion: '550.54.14',
  cudaVersion: '12.4',
  market: 'nvidia-3060',
  supported: true,
  reason: null,
  computeCapability: unknown,
  busId: unknown,
  pcie: { generationCurrent: unknown, generationMax: unknown, widthCurrent: unknown, widthMax: unknown },
  powerDrawW: unknown,
  powerLimitW: unknown,
  temperatureC: unknown,
  utilizationPercent: unknown,
  memoryUsedMiB: unknown,
  clocks: { smMHz: unknown, memoryMHz: unknown, smMaxMHz: unknown, memoryMaxMHz: unknown },
  throttleReasons: unknown,
  expected: null,
};

describe('enrollmentBenchmark', () => {
  it('summarises a GPU machine: market from the catalogue, container check from readiness', () => {
    const report = enrollmentBenchmark(detection([gpu], [check('gpu-container', 'pass'), check('disk-free', 'pass')]), benchmark);
    expect(BenchmarkReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      ranAt: '2026-11-25T10:03:00.000Z',
      passed: true,
      system: { cpuCores: 8, ramGiB: 32, diskFreeGB: 120 },
      network: { pingMs: 12.35, downloadMbps: 300, uploadMbps: 40 },
      gpu: { name: gpu.name, catalogueId: gpu.model, market: gpu.market, containerCheck: 'passed' },
    });
  });

  it('fails the verdict when a check fails or the benchmark was cancelled', () => {
    expect(enrollmentBenchmark(detection([gpu], [check('gpu-container', 'fail')]), benchmark)).toMatchObject({ passed: false, gpu: { containerCheck: 'failed' } });
    expect(enrollmentBenchmark(detection([gpu], []), { ...benchmark, outcome: 'cancelled' }).passed).toBe(false);
  });

  it('lets a machine without a GPU pass on its other checks (the grid decides where it goes)', () => {
    const report = enrollmentBenchmark(detection([], [check('nvidia-driver', 'fail'), check('gpu-supported', 'fail'), check('disk-free', 'pass')]), benchmark);
    expect(report).toMatchObject({ passed: true, gpu: null });
    expect(enrollmentBenchmark(detection([], [check('disk-free', 'fail')]), benchmark).passed).toBe(false);
  });
});
