import { ContainerError } from '../containers/errors';
import type { EngineConnection, ImageStore, UtilityContainers } from '../containers/ports';
import type { ContainerRuntimeProbe, EngineProbe, GpuContainerProbe } from './ports';

/** The probe image and how to read the toolkit's version. */
export interface EngineRuntimeProbeOptions {
  /** The image the GPU probe runs (the benchmark image: it is fetched for the benchmark anyway). */
  probeImage: string;
  /** Reads the NVIDIA Container Toolkit's version on this machine, or null. */
  toolkitVersion: () => Promise<string | null>;
  /** Whether the probe asks for the GPU; false only for tests with stand-in images. Default true. */
  requestGpus?: boolean;
  timeoutMs?: number;
}

const NO_NVIDIA_RUNTIME = /could not select device driver "[^"]*" with capabilities|unknown or invalid runtime name: nvidia/i;
const DRIVER_ERROR = /nvidia-container-cli|nvml|libnvidia|driver/i;

/**
 * The readiness checks' view of the container engine: its version (a ping), and nvidia-smi in a utility
 * container run by the container supervisor.
 */
export class EngineRuntimeProbe implements ContainerRuntimeProbe {
  constructor(
    private readonly engine: Pick<EngineConnection, 'ping'> & ImageStore,
    private readonly containers: UtilityContainers,
    private readonly options: EngineRuntimeProbeOptions,
  ) {}

  async engineVersion(): Promise<EngineProbe> {
    try {
      const info = await this.engine.ping();
      return { reachable: true, version: info.version, endpoint: info.endpoint, product: info.product };
    } catch (err) {
      const message = err instanceof ContainerError ? err.message : (err as Error).message;
      const reason = /EACCES/.test(message)
        ? 'permission-denied'
        : /ECONNREFUSED|ETIMEDOUT|no answer/i.test(message)
          ? 'not-running'
          : /not found/.test(message) && !/ECONN/.test(message)
            ? 'not-installed'
            : 'other';
      return { reachable: false, endpoint: 'the default Docker endpoints', reason, message };
    }
  }

  async gpuProbe(): Promise<GpuContainerProbe> {
    const image = this.options.probeImage;
    const present = await this.engine.inspectImage(image).catch(() => null);
    if (present === null) {
      try {
        await this.engine.pull(image, null, () => undefined);
      } catch (err) {
        return { usable: false, reason: 'image-unavailable', message: `the probe image ${image} could not be fetched (${(err as Error).message})` };
      }
    }
    const result = await this.containers.runUtility({
      image,
      // nvidia-smi is mounted into the container by the NVIDIA runtime (the "utility" capability).
      entrypoint: ['nvidia-smi'],
      cmd: ['--query-gpu=name,driver_version', '--format=csv,noheader'],
      env: ['NVIDIA_DRIVER_CAPABILITIES=utility'],
      name: 'gridhost-gpu-probe',
      requestGpus: this.options.requestGpus ?? true,
      timeoutMs: this.options.timeoutMs ?? 60_000,
    });
    switch (result.kind) {
      case 'refused':
        if (result.engineUnavailable) return { usable: false, reason: 'engine-unreachable', message: result.message };
        if (NO_NVIDIA_RUNTIME.test(result.message)) return { usable: false, reason: 'no-nvidia-runtime', message: result.message };
        if (DRIVER_ERROR.test(result.message)) return { usable: false, reason: 'driver-error', message: result.message };
        return { usable: false, reason: 'other', message: result.message };
      case 'timed-out':
        return { usable: false, reason: 'driver-error', message: 'nvidia-smi inside the test container did not answer within 60 s' };
      case 'aborted':
        return { usable: false, reason: 'other', message: 'the probe was stopped' };
      case 'exited': {
        const first = result.output.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
        if (result.exitCode === 0 && first !== '') return { usable: true, output: first };
        return { usable: false, reason: 'driver-error', message: `nvidia-smi in the container exited ${result.exitCode}: ${first || 'no output'}` };
      }
    }
  }

  toolkitVersion(): Promise<string | null> {
    return this.options.toolkitVersion();
  }
}
