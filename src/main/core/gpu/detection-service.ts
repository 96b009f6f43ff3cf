import type { DetectionReport, SystemSnapshot } from '../../../shared/contract/gpu';
import type { Clock, EventSink } from '../ports';
import { GpuDetector } from './gpu-detector';
import type { ContainerRuntimeProbe, EngineProbe, GpuContainerProbe, NvidiaSmi, SystemProbe, WindowsPlatformProbe } from './ports';
import { isEligible, readinessChecks } from './readiness-checks';

/** The ports detection reads the machine through. */
export interface DetectionServiceDeps {
  nvidiaSmi: NvidiaSmi;
  system: SystemProbe;
  containers: ContainerRuntimeProbe;
  /** Windows only; null elsewhere. */
  windows: WindowsPlatformProbe | null;
  platform: NodeJS.Platform;
  dataDir: string;
  clock: Clock;
  /** Every finished detection is published as `gpu.detected`, whoever asked for it. */
  events: EventSink;
  /** How long the system facts may take before they are reported as unknown (they never hold detection up). */
  systemDeadlineMs?: number;
}

const DEFAULT_SYSTEM_DEADLINE_MS = 8_000;

/**
 * Detects the machine (GPUs, system, container engine) and judges it with the readiness checks. Every
 * probe runs concurrently; a slow or failing one becomes "unknown" in the report, never an exception.
 */
export class DetectionService {
  private last: DetectionReport | null = null;
  private inFlight: Promise<DetectionReport> | null = null;
  private readonly gpus: GpuDetector;

  constructor(private readonly deps: DetectionServiceDeps) {
    this.gpus = new GpuDetector(deps.nvidiaSmi);
  }

  /** The last report, or null before the first detection. */
  lastReport(): DetectionReport | null {
    return this.last;
  }

  /** Runs a detection; callers asking while one runs share it. */
  detect(): Promise<DetectionReport> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async run(): Promise<DetectionReport> {
    const { deps } = this;
    const [detection, system, container, windows] = await Promise.all([
      this.gpus.detect(),
      this.systemSnapshot(),
      this.containerFacts(),
      this.windowsFacts(),
    ]);
    const checks = readinessChecks({ platform: deps.platform, detection, system, ...container, windows });
    const report: DetectionReport = {
      detectedAt: new Date(deps.clock.now()).toISOString(),
      gpus: detection.gpus,
      checks,
      eligible: isEligible(detection, checks),
      nvidiaSmi: detection.nvidiaSmi,
      system,
    };
    this.last = report;
    deps.events.publish('gpu.detected', report);
    return report;
  }

  private async systemSnapshot(): Promise<SystemSnapshot> {
    const unknown: SystemSnapshot = { cpu: null, ramBytes: null, os: null, dataDir: this.deps.dataDir, diskFreeBytes: null, laptop: null };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<SystemSnapshot>((resolve) => {
      timer = setTimeout(() => resolve(unknown), this.deps.systemDeadlineMs ?? DEFAULT_SYSTEM_DEADLINE_MS);
    });
    try {
      return await Promise.race([this.deps.system.snapshot(this.deps.dataDir).catch(() => unknown), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async containerFacts(): Promise<{ engine: EngineProbe; gpuContainer: GpuContainerProbe | null; toolkitVersion: string | null }> {
    const { containers } = this.deps;
    const [engine, toolkitVersion] = await Promise.all([containers.engineVersion(), containers.toolkitVersion().catch(() => null)]);
    const gpuContainer = engine.reachable ? await containers.gpuProbe() : null;
    return { engine, gpuContainer, toolkitVersion };
  }

  private async windowsFacts() {
    const probe = this.deps.windows;
    if (this.deps.platform !== 'win32' || probe === null) return null;
    const [wsl2, virtualization] = await Promise.all([probe.wsl2().catch(() => null), probe.virtualizationEnabled().catch(() => null)]);
    return { wsl2, virtualization };
  }
}
