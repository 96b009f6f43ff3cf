import type { EventData, ParamsIn, Result } from '../../../src/shared/contract';
import type { BenchmarkResult, DetectionReport } from '../../../src/shared/contract/gpu';

/** A detection of a desktop RTX 3060 on a ready Linux machine. */
export const detectionReportSample: DetectionReport = {
  detectedAt: '2026-11-25T10:00:00.000Z',
  gpus: [
    {
      index: 0, uuid: 'GPU-5f3c2a1e-8b7d-4c6e-9a21-3d4e5f607182', name: 'NVIDIA GeForce RTX 3060', model: 'rtx-3060', vramMiB: 12288, laptop: false,
      driverVersion: '550.54.14', cudaVersion: '12.4', market: 'nvidia-3060', supported: true, reason: null, computeCapability: '8.6',
      busId: '00000000:01:00.0', pcie: { generationCurrent: 1, generationMax: 4, widthCurrent: 16, widthMax: 16 },
      powerDrawW: 15.42, powerLimitW: 170, temperatureC: 38, utilizationPercent: 0, memoryUsedMiB: 412,
      clocks: { smMHz: 210, memoryMHz: 405, smMaxMHz: 2100, memoryMaxMHz: 7501 }, throttleReasons: ['gpu_idle'],
      expected: {
        computeCapability: '8.6', vramGiB: 12, memoryBandwidthGBs: 360, fp16TensorTflops: 51, fp32Tflops: 12.7, boardPowerW: 170,
        llm: { generationTokensPerSecond: 51.1, promptTokensPerSecond: null, source: 'estimate', basis: 'estimate: 0.65 x bandwidth / 4.58 GB (Llama-3-8B Q4_K_M)' },
      },
    },
  ],
  checks: [
    { id: 'nvidia-driver', title: 'NVIDIA driver', status: 'pass', message: 'Driver 550.54.14 is installed.', fix: null },
    { id: 'gpu-container', title: 'GPU inside containers', status: 'fail', message: 'Docker cannot give containers the GPU.', fix: 'sudo nvidia-ctk runtime configure --runtime=docker' },
  ],
  eligible: false,
  nvidiaSmi: { state: 'ok', path: '/usr/bin/nvidia-smi', message: null, fix: null, unknownFields: [] },
  system: { cpu: { model: 'AMD Ryzen 5 5600X', cores: 12, physicalCores: 6 }, ramBytes: 34_359_738_368, os: { platform: 'linux', distro: 'Ubuntu', release: '24.04', arch: 'x64' }, dataDir: '/home/a/.gridhost', diskFreeBytes: 210_000_000_000, laptop: false },
};

const figure = (median: number) => ({ median, min: median * 0.99, max: median * 1.01, runs: 3, spreadPercent: 2 });

export const benchmarkResultSample: BenchmarkResult = {
  id: 'b7a4c7d2-1f1e-4c55-9a8e-0f3c2d1e4b5a',
  startedAt: '2026-11-25T10:00:00.000Z',
  finishedAt: '2026-11-25T10:02:10.000Z',
  outcome: 'completed',
  driverVersion: '550.54.14',
  system: { diskWriteMBps: figure(1800), diskReadMBps: figure(3100), memoryCopyGBps: figure(18), cpuSingleCoreMBps: figure(1900), cpuAllCoresMBps: figure(7200) },
  network: { gridUrl: 'http://127.0.0.1:7070', latencyMs: figure(12), downloadMbps: figure(480), uploadMbps: figure(90) },
  gpus: [
    {
      index: 0, uuid: 'GPU-5f3c2a1e-8b7d-4c6e-9a21-3d4e5f607182', name: 'NVIDIA GeForce RTX 3060', model: 'rtx-3060',
      fp16TensorTflops: figure(45.1), fp32Tflops: figure(10.5), memoryBandwidthGBs: figure(319.6),
      expected: detectionReportSample.gpus[0]!.expected, ratios: { fp16TensorTflops: 0.884, fp32Tflops: 0.827, memoryBandwidthGBs: 0.888 },
      verdict: 'as-expected', causes: [], summary: 'NVIDIA GeForce RTX 3060 performs as a rtx-3060 should.',
    },
  ],
  errors: [],
};

type Requests = 'gpu.snapshot' | 'gpu.detect' | 'gpu.benchmark.start' | 'gpu.benchmark.cancel';
type Events = 'gpu.detected' | 'gpu.benchmark.progress' | 'gpu.benchmark.finished';

export const gpuRequestSamples: { [M in Requests]: { params: ParamsIn<M>; result: Result<M> } } = {
  'gpu.snapshot': { params: {}, result: { report: detectionReportSample, benchmark: { runningId: null, history: [benchmarkResultSample] } } },
  'gpu.detect': { params: {}, result: detectionReportSample },
  'gpu.benchmark.start': { params: { parts: ['system', 'gpu'] }, result: { runId: benchmarkResultSample.id } },
  'gpu.benchmark.cancel': { params: { runId: benchmarkResultSample.id }, result: { cancelled: true } },
};

export const gpuEventSamples: { [E in Events]: EventData<E> } = {
  'gpu.detected': detectionReportSample,
  'gpu.benchmark.progress': { runId: benchmarkResultSample.id, part: 'gpu', step: 'GPU 0: fp16 tensor run 1 of 3', percent: 57 },
  'gpu.benchmark.finished': benchmarkResultSample,
};
