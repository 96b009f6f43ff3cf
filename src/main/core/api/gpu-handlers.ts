import type { HardwareServices } from '../gpu/hardware-services';
import type { ApiHandlers } from './dispatcher';

type GpuHandlers = Pick<ApiHandlers, 'gpu.snapshot' | 'gpu.detect' | 'gpu.benchmark.start' | 'gpu.benchmark.cancel'>;

/** Detection, readiness checks and the benchmark. Detection publishes `gpu.detected` to every client itself. */
export function gpuHandlers({ hardware }: { hardware: HardwareServices }): GpuHandlers {
  return {
    'gpu.snapshot': async () => {
      const { detection, benchmark } = hardware;
      return { report: detection.lastReport(), benchmark: { runningId: benchmark.runningId(), history: await benchmark.history() } };
    },
    'gpu.detect': () => hardware.detection.detect(),
    'gpu.benchmark.start': ({ parts }) => ({ runId: hardware.benchmark.start(parts) }),
    'gpu.benchmark.cancel': ({ runId }) => ({ cancelled: hardware.benchmark.cancel(runId) }),
  };
}
