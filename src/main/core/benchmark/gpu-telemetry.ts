import type { DetectedGpu } from '../../../shared/contract/gpu';

/** What nvidia-smi showed for one GPU while the benchmark ran: the worst of every sample. */
export interface GpuTelemetry {
  samples: number;
  throttleReasons: string[];
  maxTemperatureC: number | null;
  powerLimitW: number | null;
  /** The PCIe link seen under load (utilization >= 50 %): idle GPUs drop their link on purpose. */
  loadedPcie: { generation: number; generationMax: number; width: number; widthMax: number } | null;
}

const UNDER_LOAD_PERCENT = 50;

/** Collects nvidia-smi samples per GPU (by UUID) during a benchmark run. */
export class GpuTelemetryRecorder {
  private readonly byUuid = new Map<string, GpuTelemetry>();

  add(gpus: readonly DetectedGpu[]): void {
    for (const gpu of gpus) {
      const t = this.byUuid.get(gpu.uuid) ?? { samples: 0, throttleReasons: [], maxTemperatureC: null, powerLimitW: null, loadedPcie: null };
      t.samples += 1;
      for (const reason of gpu.throttleReasons ?? []) if (!t.throttleReasons.includes(reason)) t.throttleReasons.push(reason);
      if (gpu.temperatureC !== null) t.maxTemperatureC = Math.max(t.maxTemperatureC ?? gpu.temperatureC, gpu.temperatureC);
      if (gpu.powerLimitW !== null) t.powerLimitW = gpu.powerLimitW;
      const { generationCurrent, generationMax, widthCurrent, widthMax } = gpu.pcie;
      if ((gpu.utilizationPercent ?? 0) >= UNDER_LOAD_PERCENT && generationCurrent !== null && generationMax !== null && widthCurrent !== null && widthMax !== null) {
        const prev = t.loadedPcie;
        t.loadedPcie = {
          generation: Math.min(prev?.generation ?? generationCurrent, generationCurrent),
          generationMax,
          width: Math.min(prev?.width ?? widthCurrent, widthCurrent),
          widthMax,
        };
      }
      this.byUuid.set(gpu.uuid, t);
    }
  }

  for(uuid: string | null): GpuTelemetry | null {
    return uuid === null ? null : (this.byUuid.get(uuid) ?? null);
  }
}
