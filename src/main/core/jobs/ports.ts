import type { LogLine } from '../containers/log-ring';
import type { JobContainerSpecInput } from '../containers/job-container-spec';

/**
 * What the host loop needs to run a job's ops: the container supervisor's public face (run, stop, logs, the
 * job's own volumes), narrowed so that the loop can be tested with a small fake.
 */
export interface OpRunner {
  /** Starts an op; `hostPorts` maps each exposed `port/tcp` to its port on 127.0.0.1. */
  run(spec: JobContainerSpecInput): Promise<{ exited: Promise<{ exitCode: number; oomKilled: boolean }>; hostPorts?: Record<string, number> }>;
  /** Resolves once the op's container is gone; `graceMs` replaces the grace setting between SIGTERM and SIGKILL. */
  stop(jobId: string, opId: string, options?: { graceMs?: number }): Promise<unknown>;
  logs(jobId: string, opId: string, maxLines?: number): Pick<LogLine, 'stream' | 'text'>[];
  /** Makes a `container/create-volume` volume, labelled as this installation's and the job's. */
  createJobVolume(jobId: string, name: string): Promise<void>;
  /** Removes a job's volume once the job has ended (gone already is fine). */
  removeJobVolume(name: string): Promise<void>;
  /**
   * Removes the job's network once the job has ended (gone already is fine). The first op that joins it makes it
   * (`containers/job-network.ts`).
   */
  removeJobNetwork(jobId: string): Promise<void>;
}

/** The GPU's memory for the check of `meta.system_resources.required_vram`: MiB of the largest GPU, null when none. */
export type GpuVramProbe = () => Promise<number | null>;
