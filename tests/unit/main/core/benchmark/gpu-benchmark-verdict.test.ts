import { describe, expect, it } from 'vitest';
import type { DetectedGpu } from '../../../../../src/shared/contract/gpu';
import { judgeGpu } from '../../../../../src/main/core/benchmark/gpu-benchmark-verdict';
import type { DeviceResults } from '../../../../../src/main/core/benchmark/gpu-benchmark-output';
import { GpuTelemetryRecorder } from '../../../../../src/main/core/benchmark/gpu-telemetry';
import { describeGpu } from '../../../../../src/main/core/gpu/gpu-detector';
import type { QueryField } from '../../../../../src/main/core/gpu/nvidia-smi-query';

function detected(name: string, vramMiB: number, extra: Array<[QueryField, string]> = []): DetectedGpu {
  return describeGpu(new Map<QueryField, string | null>([
    ['index', '0'], ['uuid', 'GPU-1'], ['name', name], ['memory.total', String(vramMiB)], ['driver_version', '550.54.14'], ...extra,
  ]), '12.4');
}

function device(fp16: number[], fp32: number[], bandwidth: number[], impl: 'cublas' | 'portable' = 'cublas'): DeviceResults {
  return { index: 0, uuid: 'GPU-1', name: 'NVIDIA GeForce RTX 3080', computeCapability: '8.6', memMiB: 10240, impl, values: { fp16_tensor: fp16, fp32, bandwidth } };
}

describe('judgeGpu', () => {
  it('calls a card that reaches its attainable share as expected, with spread over runs', () => {
    const g = judgeGpu(device([105, 104, 106], [23, 23.5, 22.8], [670, 672, 668]), detected('NVIDIA GeForce RTX 3080', 10240), null);
    expect(g.verdict).toBe('as-expected');
    expect(g.fp16TensorTflops).toEqual({ median: 105, min: 104, max: 106, runs: 3, spreadPercent: 1.905 });
    expect(g.ratios?.memoryBandwidthGBs).toBeCloseTo(670 / 760, 3);
  });

  it('names thermal throttling and a PCIe link below its maximum seen under load', () => {
    const gpu = detected('NVIDIA GeForce RTX 3080', 10240);
    const telemetry = new GpuTelemetryRecorder();
    telemetry.add([{ ...gpu, utilizationPercent: 100, temperatureC: 91, throttleReasons: ['hw_thermal_slowdown'], pcie: { generationCurrent: 3, generationMax: 4, widthCurrent: 4, widthMax: 16 } }]);
    const g = judgeGpu(device([50, 51, 49], [11, 12, 11], [420, 430, 425]), gpu, telemetry.for('GPU-1'));
    expect(g.verdict).toBe('underperforming');
    expect(g.causes.map((c) => c.cause)).toEqual(['thermal-throttle', 'pcie-link-below-max']);
    expect(g.summary).toMatch(/91 °C/);
    expect(g.summary).toMatch(/gen 3 x4 under load, below its gen 4 x16/);
  });

  it('does not blame an idle link: PCIe is judged only from samples under load', () => {
    const gpu = detected('NVIDIA GeForce RTX 3080', 10240);
    const telemetry = new GpuTelemetryRecorder();
    telemetry.add([{ ...gpu, utilizationPercent: 0, pcie: { generationCurrent: 1, generationMax: 4, widthCurrent: 16, widthMax: 16 } }]);
    const g = judgeGpu(device([50], [11], [420]), gpu, telemetry.for('GPU-1'));
    expect(g.verdict).toBe('underperforming');
    expect(g.causes).toEqual([]);
    expect(g.summary).toMatch(/nvidia-smi showed no cause/);
  });

  it('reports a lowered power limit on a desktop card, and explains laptop figures', () => {
    const capped = judgeGpu(device([50], [11], [420]), detected('NVIDIA GeForce RTX 3080', 10240, [['power.limit', '220.00']]), null);
    expect(capped.causes).toEqual([{ cause: 'power-cap', detail: "power limit set to 220 W, below the board's 320 W" }]);
    const laptop = judgeGpu(device([20], [5], [200]), detected('NVIDIA GeForce RTX 3060 Laptop GPU', 6144, [['power.limit', '80.00']]), null);
    expect(laptop.causes).toEqual([]);
    expect(laptop.summary).toMatch(/power limit the maker chose/);
  });

  it('judges only bandwidth for the portable kernels, and has no reference for an unknown card', () => {
    expect(judgeGpu(device([20], [5], [680], 'portable'), detected('NVIDIA GeForce RTX 3080', 10240), null).verdict).toBe('as-expected');
    const unknown = judgeGpu(device([20], [5], [400]), detected('NVIDIA GeForce GTX 1080 Ti', 11264), null);
    expect(unknown).toMatchObject({ verdict: 'no-reference', ratios: null, expected: null, model: null });
  });

  it('refuses a device with a missing figure', () => {
    expect(() => judgeGpu(device([50], [], [420]), null, null)).toThrow(/no fp32 result/);
  });
});
