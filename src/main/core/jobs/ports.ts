import type { JobContainerSpecInput } from '../containers/job-container-spec';

/**
 * What the host loop needs to run a job's ops: the container supervisor's public face (run, stop, logs),
 * narrowed so that the loop can be tested with a small fake.
 */
export interface OpRunner {
  run(spec: JobContainerSpecInput): Promise<{ exited: Promise<{ exitCode: number; oomKilled: boolean }> }>;
  /** Resolves once the op's container is gone; `graceMs` replaces the grace setting between SIGTERM and SIGKILL. */
  stop(jobId: string, opId: string, options?: { graceMs?: number }): Promise<unknown>;
  logs(jobId: string, opId: string, maxLines?: number): { text: string }[];
}
