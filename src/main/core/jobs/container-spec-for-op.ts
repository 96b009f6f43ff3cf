import type { JobContainerSpecInput } from '../containers/job-container-spec';
import { exposedServices } from './exposed-service';
import type { ContainerRunOp, JobDefinition } from './job-definition';

/**
 * The container request for one op of a validated job definition: the op's own fields over the job's
 * `global` ones. A string command runs through `sh -c`, as Nosana runs it; privileges, limits and mounts are
 * the supervisor's to decide, never the job's.
 */
export function containerSpecForOp(jobId: string, definition: JobDefinition, op: ContainerRunOp): JobContainerSpecInput {
  const global = definition.global ?? {};
  const args = op.args;
  const asArgv = (c: string | string[] | undefined) => (c === undefined ? undefined : typeof c === 'string' ? ['/bin/sh', '-c', c] : c);
  const workDir = args.work_dir ?? global.work_dir;
  return {
    jobId,
    opId: op.id,
    image: args.image || global.image || '',
    cmd: asArgv(args.cmd),
    entrypoint: asArgv(args.entrypoint),
    env: { ...global.env, ...args.env },
    ...(workDir ? { workDir } : {}),
    gpus: (args.gpu ?? global.gpu ?? false) ? 'all' : 'none',
    expose: exposedServices(args.expose).map((s) => s.port),
    volumes: (args.volumes ?? []).map((v) => ({ name: v.name, target: v.dest })),
  };
}
