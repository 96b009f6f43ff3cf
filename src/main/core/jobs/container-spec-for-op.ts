import type { JobContainerSpecInput } from '../containers/job-container-spec';
import { parseExpose } from './expose';
import { isRunOp, opAliases, type ContainerRunOp, type JobDefinition } from './job-definition';

/** The Docker volume name of a job's `container/create-volume` volume: one per job, so jobs never share one. */
export function jobVolumeName(jobId: string, name: string): string {
  return `gridhost-job-${jobId}-${name}`.slice(0, 128);
}

/**
 * The container request for one op of a validated job definition: the op's own fields over the job's
 * `global` ones. A string command runs through `sh -c`, as Nosana runs it; privileges, limits and mounts are
 * the supervisor's to decide, never the job's. Volumes are the job's own create-volume volumes; the op's
 * `authentication.docker` becomes the credentials of this op's pull only. An op with `aliases`, one that
 * exposes ports, and every op of a job of several ops join the job's network (so a client op reaches a service op
 * by name); a job's only op that exposes nothing keeps no network at all.
 */
export function containerSpecForOp(jobId: string, definition: JobDefinition, op: ContainerRunOp): JobContainerSpecInput {
  const global = definition.global ?? {};
  const args = op.args;
  const asArgv = (c: string | string[] | undefined) => (c === undefined ? undefined : typeof c === 'string' ? ['/bin/sh', '-c', c] : c);
  const workDir = args.work_dir ?? global.work_dir;
  const docker = args.authentication?.docker;
  return {
    jobId,
    opId: op.id,
    image: args.image || global.image || '',
    cmd: asArgv(args.cmd),
    entrypoint: asArgv(args.entrypoint ?? global.entrypoint),
    env: { ...global.env, ...args.env },
    ...(workDir ? { workDir } : {}),
    gpus: (args.gpu ?? global.gpu ?? false) ? 'all' : 'none',
    expose: parseExpose(args.expose, [], []).map((p) => p.port),
    volumes: (args.volumes ?? []).map((v) => ({ name: jobVolumeName(jobId, v.name), target: v.dest, writable: true })),
    aliases: opAliases(args),
    jobNetwork: definition.ops.filter(isRunOp).length > 1,
    ...(docker?.username && docker.password
      ? { registryAuth: { username: docker.username, password: docker.password, ...(docker.server ? { serveraddress: docker.server } : {}) } }
      : {}),
  };
}
