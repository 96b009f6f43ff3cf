import { CONTAINER_ERROR_FAULT, isContainerError } from '../containers/errors';
import type { Fault } from '../grid/protocol';

/** Why a job did not run to its end, in the owner's words, and whose fault that is (docs/grid-protocol.md). */
export interface JobFailure {
  fault: Fault;
  cause: string;
}

/** An op that could not start: the container error's code says whose fault it is (containers/errors.ts). */
export function startFailure(err: unknown): JobFailure {
  if (!isContainerError(err)) return { fault: 'host', cause: `The job could not start: ${(err as Error).message}` };
  const words = err.code === 'pull_failed' ? `Docker cannot pull images: ${err.describe()}` : err.describe();
  return { fault: CONTAINER_ERROR_FAULT[err.code], cause: `The job could not start: ${words}` };
}

/** An op whose container ended badly: always the job's own doing. */
export function exitFailure(exit: { exitCode: number; oomKilled: boolean }): JobFailure {
  return { fault: 'job', cause: exit.oomKilled ? 'The job ran out of memory.' : `The job exited with code ${exit.exitCode}.` };
}
