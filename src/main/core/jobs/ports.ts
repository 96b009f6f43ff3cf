import type { JobContainerSpecInput } from '../containers/job-container-spec';

/**
 * What the host loop needs to run a job's ops: the container supervisor's public face (run, stop, logs),
 * narrowed so that the loop can be tested with a small fake.
 */
export interface OpRunner {
  /** Starts an op; `hostPorts` maps each exposed `port/tcp` to its port on 127.0.0.1. */
  run(spec: JobContainerSpecInput): Promise<{ exited: Promise<{ exitCode: number; oomKilled: boolean }>; hostPorts?: Record<string, number> }>;
  stop(jobId: string, opId: string): Promise<unknown>;
  logs(jobId: string, opId: string, maxLines?: number): { text: string }[];
}
