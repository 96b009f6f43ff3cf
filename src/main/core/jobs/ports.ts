import type { JobContainerSpecInput } from '../containers/job-container-spec';

/**
 * What the host loop needs to run a job's ops: the container supervisor's public face (run, stop, logs),
 * narrowed so that the loop can be tested with a small fake.
 */
export interface OpRunner {
  run(spec: JobContainerSpecInput): Promise<{ exited: Promise<{ exitCode: number; oomKilled: boolean }> }>;
  stop(jobId: string, opId: string): Promise<unknown>;
  logs(jobId: string, opId: string, maxLines?: number): { text: string }[];
}
