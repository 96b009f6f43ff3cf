import type { JobContainerSpecInput } from '../containers/job-container-spec';
import type { Fault } from '../grid/protocol';
import type { PreparedResources } from './model-cache';
import { parseModelResources, type ModelResource } from './model-resource';
import { isResourceError } from './resource-error';

/** What the job run needs of the model cache (`ModelCache`), narrowed so the run can be tested with a fake. */
export interface OpResourcePreparer {
  prepare(jobId: string, opId: string, resources: ModelResource[], signal: AbortSignal): Promise<PreparedResources>;
}

/** An op's models mounted, or why they are not: `stopped` when the job was stopped while they were fetched. */
export type OpMounts =
  | ({ ok: true } & PreparedResources)
  | { ok: false; stopped: boolean; failure: { fault: Fault; cause: string } | null };

const NOTHING: OpMounts = { ok: true, volumes: [], release: () => undefined };

/**
 * The job run's hook for an op's `resources`: fetched into the model cache (or found there) before the op starts,
 * then mounted read-only at their targets. A resource that cannot be fetched fails the job with the reason.
 */
export async function mountOpResources(preparer: OpResourcePreparer | undefined, jobId: string, op: { id: string; args: { resources?: unknown } }, signal: AbortSignal): Promise<OpMounts> {
  try {
    const resources = parseModelResources(op.args.resources);
    if (resources.length === 0) return NOTHING;
    if (!preparer) return { ok: false, stopped: false, failure: { fault: 'host', cause: 'The job could not start: this host has no model cache for its resources.' } };
    return { ok: true, ...(await preparer.prepare(jobId, op.id, resources, signal)) };
  } catch (err) {
    if (signal.aborted) return { ok: false, stopped: true, failure: null };
    const fault: Fault = isResourceError(err) ? err.fault : 'host';
    return { ok: false, stopped: false, failure: { fault, cause: `The job could not start: ${(err as Error).message}` } };
  }
}

/** The op's container request with its model volumes added (mounted read-only by the supervisor). */
export function withResourceVolumes(spec: JobContainerSpecInput, volumes: PreparedResources['volumes']): JobContainerSpecInput {
  return volumes.length === 0 ? spec : { ...spec, volumes: [...(spec.volumes ?? []), ...volumes] };
}
