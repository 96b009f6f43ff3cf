import type { ContainerCreateVolume, ContainerRun, JobDefinition as NosanaJobDefinition, OperationResults } from '@nosana/types';

/**
 * Job definitions in the Nosana v0.1 dialect, as `@nosana/types` defines them: that package is the authority on
 * their shape (job-shape.ts); GridHost's policy on top of it is job-policy.ts. These are its types, narrowed
 * where the host needs to tell one op kind from the other.
 */
export type JobDefinition = NosanaJobDefinition;
export type JobOp = JobDefinition['ops'][number];
export type ContainerRunArgs = ContainerRun;
export type ContainerRunOp = JobOp & { type: 'container/run'; args: ContainerRun };
export type CreateVolumeOp = JobOp & { type: 'container/create-volume'; args: ContainerCreateVolume };
export type { OperationResults };

export function isRunOp(op: JobOp): op is ContainerRunOp {
  return op.type === 'container/run';
}

export function isCreateVolumeOp(op: JobOp): op is CreateVolumeOp {
  return op.type === 'container/create-volume';
}

/** An op's `aliases` (Nosana takes one name or a list) as a list. */
export function opAliases(args: Pick<ContainerRunArgs, 'aliases'>): string[] {
  return args.aliases === undefined ? [] : Array.isArray(args.aliases) ? args.aliases : [args.aliases];
}

/** The VRAM a job asks for, in GiB (`meta.system_resources.required_vram`), or undefined. */
export function requiredVramGiB(definition: JobDefinition): number | undefined {
  const value = definition.meta?.system_resources?.required_vram;
  return typeof value === 'number' ? value : undefined;
}
