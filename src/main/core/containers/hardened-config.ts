import type { Settings } from '../../../shared/settings';
import type { JobContainerSpec } from './job-container-spec';
import { containerEnvironment } from './job-environment';
import { joinsJobNetwork } from './job-network';
import type { ContainerCreateBody } from './ports';

/** The container settings as applied: the memory limit resolved against the machine (`jobMemoryMiB`). */
export type ContainerSettings = Omit<Settings['containers'], 'memoryMiB'> & { memoryMiB: number };

const MIB = 1024 * 1024;

/** Above 0 so that, when memory runs out, the kernel kills the job before the owner's desktop. */
export const JOB_OOM_SCORE_ADJ = 500;
/** Enough for data-loader worker pools and their threads; stops fork bombs long before the host notices. */
export const JOB_PIDS_LIMIT = 4096;
/** Docker's own json-file rotation, so the engine's copy of a flood stays bounded too. */
export const JOB_LOG_MAX_SIZE = '10m';
export const JOB_LOG_MAX_FILES = '3';

/** /dev/shm for PyTorch data loaders and NCCL: a quarter of the memory limit, 64 MiB to 2 GiB. */
export function shmSizeBytes(memoryMiB: number): number {
  return Math.min(2048, Math.max(64, Math.floor(memoryMiB / 4))) * MIB;
}

/** /tmp is the only writable path of the root filesystem: a tmpfs (counted in the memory limit), capped. */
export function tmpfsSizeMiB(memoryMiB: number): number {
  return Math.min(2048, Math.max(64, Math.floor(memoryMiB / 4)));
}

/** An address no network routes (TEST-NET-1, RFC 5737): the job network's DNS upstream, so that none is reached. */
export const UNROUTABLE_DNS = '192.0.2.1';

export interface CreatePlan {
  /** The job's network and the op's names on it (`job-network.ts`), for an op that joins it; otherwise `none`. */
  network: { name: string; aliases: string[] } | null;
  /** Ownership labels (`ownershipLabels`). */
  labels: Record<string, string>;
}

/**
 * The create body of a job container: every hardening field of the issue in one place. The job chooses the
 * image, command, environment, GPUs, exposed ports and named model volumes; nothing else.
 */
export function hardenedCreateBody(spec: JobContainerSpec, image: string, settings: ContainerSettings, plan: CreatePlan): ContainerCreateBody {
  const memory = settings.memoryMiB * MIB;
  const body: ContainerCreateBody = {
    Image: image,
    Env: containerEnvironment(spec.env, spec.gpus),
    Labels: { ...plan.labels },
    StopSignal: 'SIGTERM',
    HostConfig: {
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${tmpfsSizeMiB(settings.memoryMiB)}m` },
      PidsLimit: JOB_PIDS_LIMIT,
      Memory: memory,
      // Equal to Memory: no swap on top, so the limit is the limit.
      MemorySwap: memory,
      NanoCpus: Math.round(settings.cpus * 1e9),
      ShmSize: shmSizeBytes(settings.memoryMiB),
      OomScoreAdj: JOB_OOM_SCORE_ADJ,
      Init: true,
      Mounts: spec.volumes.map((v) => ({ Type: 'volume', Source: v.name, Target: v.target, ReadOnly: !v.writable })),
      LogConfig: { Type: 'json-file', Config: { 'max-size': JOB_LOG_MAX_SIZE, 'max-file': JOB_LOG_MAX_FILES } },
      RestartPolicy: { Name: 'no' },
      // No network at all, or the job's isolated network for an op that joins it (`port-proxy.ts` publishes ports).
      NetworkMode: 'none',
    },
  };
  if (plan.network && joinsJobNetwork(spec)) {
    body.HostConfig.NetworkMode = plan.network.name;
    // Network-scoped DNS names: only the containers on this job's network resolve them.
    body.NetworkingConfig = { EndpointsConfig: { [plan.network.name]: { Aliases: plan.network.aliases } } };
    // Docker's resolver still answers the job's peers by name, but has nowhere to send any other name: engines
    // before 26 forward a container's outside lookups from the host's own network even on an internal network
    // (CVE-2024-29018), a way out for data; with an upstream of their own, lookups leave from the job's network.
    body.HostConfig.Dns = [UNROUTABLE_DNS];
  }
  if (spec.cmd) body.Cmd = spec.cmd;
  if (spec.entrypoint) body.Entrypoint = spec.entrypoint;
  if (spec.workDir) body.WorkingDir = spec.workDir;
  if (spec.gpus !== 'none') {
    body.HostConfig.DeviceRequests = [
      spec.gpus === 'all'
        ? { Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }
        : { Driver: 'nvidia', Count: 0, DeviceIDs: spec.gpus, Capabilities: [['gpu']] },
    ];
  }
  return body;
}
