import { ApiError } from '../../../shared/api-error';
import type { HardwareServices } from '../gpu/hardware-services';
import type { HostCore } from '../host';
import type { ApiHandlers } from './dispatcher';

type GpuHandlers = Pick<ApiHandlers, 'gpu.snapshot' | 'gpu.detect' | 'gpu.benchmark.start' | 'gpu.benchmark.cancel'>;

/** Detection, readiness checks and the benchmark. A detection is pushed to every client as `gpu.detected`. */
export function gpuHandlers(core: HostCore): GpuHandlers {
  const hardware = (): HardwareServices => {
    const services = core.deps.hardware;
    if (!services) throw new ApiError('unavailable', 'Hardware detection is not available in this mode of GridHost.');
    return services;
  };
  return {
    'gpu.snapshot': async () => {
      const { detection, benchmark } = hardware();
      return { report: detection.lastReport(), benchmark: { runningId: benchmark.runningId(), history: await benchmark.history() } };
    },
    'gpu.detect': async () => {
      const report = await hardware().detection.detect();
      core.publish('gpu.detected', report);
      return report;
    },
    'gpu.benchmark.start': ({ parts }) => ({ runId: hardware().benchmark.start(parts) }),
    'gpu.benchmark.cancel': ({ runId }) => ({ cancelled: hardware().benchmark.cancel(runId) }),
  };
}
