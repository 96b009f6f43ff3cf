import type { DetectedGpu, GpuBenchmark } from '../../../shared/contract/gpu';
import type { DeviceResults } from './gpu-benchmark-output';
import type { GpuTelemetry } from './gpu-telemetry';
import { summarise } from './measured-figure';

/**
 * The share of NVIDIA's peak figure a healthy card reaches in our kernels (cuBLAS GEMM at boost clock, a
 * device-to-device copy); below it the card underperforms. Peaks are never reached in practice.
 */
export const ATTAINABLE_SHARE = { fp16TensorTflops: 0.6, fp32Tflops: 0.5, memoryBandwidthGBs: 0.7 } as const;
/** GeForce cards start to slow their clocks around here. */
const HOT_C = 83;

const POWER_REASONS = ['sw_power_cap', 'hw_power_brake_slowdown'];
const THERMAL_REASONS = ['sw_thermal_slowdown', 'hw_thermal_slowdown'];

/** Scores one GPU's measurements against the catalogue and explains shortfalls from nvidia-smi's telemetry. */
export function judgeGpu(device: DeviceResults, detected: DetectedGpu | null, telemetry: GpuTelemetry | null): GpuBenchmark {
  const missing = (['fp16_tensor', 'fp32', 'bandwidth'] as const).filter((t) => device.values[t].length === 0);
  if (missing.length > 0) throw new RangeError(`GPU ${device.index} has no ${missing.join(', ')} result`);
  const fp16TensorTflops = summarise(device.values.fp16_tensor);
  const fp32Tflops = summarise(device.values.fp32);
  const memoryBandwidthGBs = summarise(device.values.bandwidth);
  const expected = detected?.expected ?? null;
  const base = {
    index: device.index,
    uuid: device.uuid,
    name: device.name,
    model: detected?.model ?? null,
    fp16TensorTflops,
    fp32Tflops,
    memoryBandwidthGBs,
    expected,
  };
  if (expected === null) {
    return { ...base, ratios: null, verdict: 'no-reference', causes: [], summary: `${device.name} is not in the catalogue, so there is nothing to compare with.` };
  }
  const ratios = {
    fp16TensorTflops: ratio(fp16TensorTflops.median, expected.fp16TensorTflops),
    fp32Tflops: ratio(fp32Tflops.median, expected.fp32Tflops),
    memoryBandwidthGBs: ratio(memoryBandwidthGBs.median, expected.memoryBandwidthGBs),
  };
  // Portable kernels are slower than cuBLAS by design: only their bandwidth figure is judged.
  const judged = (Object.keys(ATTAINABLE_SHARE) as Array<keyof typeof ATTAINABLE_SHARE>).filter(
    (k) => device.impl === 'cublas' || k === 'memoryBandwidthGBs',
  );
  const short = judged.filter((k) => ratios[k] < ATTAINABLE_SHARE[k]);
  if (short.length === 0) {
    return { ...base, ratios, verdict: 'as-expected', causes: [], summary: `${device.name} performs as a ${detected?.model ?? 'card'} should.` };
  }
  const causes = explain(detected, telemetry, expected.boardPowerW);
  const figures = short.map((k) => `${LABEL[k]} at ${Math.round(ratios[k] * 100)} % of the specification`).join(', ');
  const why = causes.length > 0 ? ` Likely cause: ${causes.map((c) => c.detail).join('; ')}.` : ' nvidia-smi showed no cause (power, heat or PCIe link) during the run.';
  const laptop = detected?.laptop ? ' Laptop figures depend on the power limit the maker chose; the catalogue lists the top of the range.' : '';
  return { ...base, ratios, verdict: 'underperforming', causes, summary: `${device.name} underperforms: ${figures}.${why}${laptop}` };
}

const LABEL = { fp16TensorTflops: 'FP16 tensor', fp32Tflops: 'FP32', memoryBandwidthGBs: 'memory bandwidth' } as const;

function ratio(measured: number, expected: number): number {
  return Math.round((measured / expected) * 1000) / 1000;
}

function explain(detected: DetectedGpu | null, telemetry: GpuTelemetry | null, boardPowerW: number): GpuBenchmark['causes'] {
  const causes: GpuBenchmark['causes'] = [];
  const reasons = telemetry?.throttleReasons ?? detected?.throttleReasons ?? [];
  const powerLimit = telemetry?.powerLimitW ?? detected?.powerLimitW ?? null;
  if (reasons.some((r) => POWER_REASONS.includes(r))) {
    causes.push({ cause: 'power-cap', detail: `clocks held back by the power limit${powerLimit !== null ? ` (${powerLimit} W)` : ''}` });
  } else if (powerLimit !== null && !detected?.laptop && powerLimit < boardPowerW * 0.9) {
    causes.push({ cause: 'power-cap', detail: `power limit set to ${powerLimit} W, below the board's ${boardPowerW} W` });
  }
  const temperature = telemetry?.maxTemperatureC ?? detected?.temperatureC ?? null;
  if (reasons.some((r) => THERMAL_REASONS.includes(r))) {
    causes.push({ cause: 'thermal-throttle', detail: `thermal slowdown${temperature !== null ? ` at ${temperature} °C` : ''}: clean the fans and improve airflow` });
  } else if (temperature !== null && temperature >= HOT_C) {
    causes.push({ cause: 'thermal-throttle', detail: `running hot (${temperature} °C): clean the fans and improve airflow` });
  }
  const link = telemetry?.loadedPcie ?? null;
  if (link !== null && (link.generation < link.generationMax || link.width < link.widthMax)) {
    causes.push({
      cause: 'pcie-link-below-max',
      detail: `PCIe link at gen ${link.generation} x${link.width} under load, below its gen ${link.generationMax} x${link.widthMax}: reseat the card in a full-speed slot (risers limit the link)`,
    });
  }
  return causes;
}
