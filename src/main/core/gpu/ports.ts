import type { SystemSnapshot } from '../../../shared/contract/gpu';

/** How one run of a command ended. A hang or a missing binary is an outcome, not an exception. */
export type CommandOutcome =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | { kind: 'not-found'; searched: string[] }
  | { kind: 'timed-out'; path: string; timeoutMs: number }
  | { kind: 'failed-to-start'; path: string; message: string };

/** nvidia-smi, located the way the user's machine has it, run asynchronously with a timeout. */
export interface NvidiaSmi {
  run(args: readonly string[]): Promise<CommandOutcome>;
  /** Where it was found, or null when it was not (known after the first run). */
  readonly path: string | null;
}

/** CPU, RAM, OS, free disk of the data folder, battery: never on the critical path (each part may be null). */
export interface SystemProbe {
  snapshot(dataDir: string): Promise<SystemSnapshot>;
}

/** The container engine: its version where it answers, else why not. */
export type EngineProbe =
  | { reachable: true; version: string; endpoint: string; /** 'Docker Engine - Community', 'Podman Engine'... */ product: string }
  | { reachable: false; endpoint: string; reason: 'not-running' | 'permission-denied' | 'not-installed' | 'other'; message: string };

/** Whether a container with the GPU device request sees the GPU. */
export type GpuContainerProbe =
  | { usable: true; output: string }
  | {
      usable: false;
      /** 'no-nvidia-runtime': Docker has no "nvidia" device driver (the Container Toolkit is missing or not configured). */
      reason: 'no-nvidia-runtime' | 'driver-error' | 'image-unavailable' | 'engine-unreachable' | 'other';
      message: string;
    };

/** The container engine as the readiness checks need it. */
export interface ContainerRuntimeProbe {
  engineVersion(): Promise<EngineProbe>;
  /** Runs a short container with the GPU device request (docker info alone is not proof). */
  gpuProbe(): Promise<GpuContainerProbe>;
  /** The NVIDIA Container Toolkit version, or null when it cannot be read on this system. */
  toolkitVersion(): Promise<string | null>;
}

/** Windows prerequisites of Docker Desktop's GPU support. */
export interface WindowsPlatformProbe {
  /** null when it could not be read. */
  wsl2(): Promise<{ installed: boolean; defaultVersion: number | null; detail: string } | null>;
  virtualizationEnabled(): Promise<boolean | null>;
}
