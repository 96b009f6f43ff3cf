import { z } from 'zod';
import { ContainerError } from './errors';
import { checkMountTarget } from './mount-targets';

const ID = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-" only');

/** Docker's own rule for volume names; a path (a host bind mount) can never match it. */
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GPU_UUID = /^(GPU|MIG)-[A-Za-z0-9-]{8,64}$/;
/** A DNS label as a host name: what an op's `aliases` may be, and what an op id must be to also serve as a name. */
export const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Names an op may take on its job's network. */
export const MAX_ALIASES = 16;

const RegistryAuthSchema = z.object({
  username: z.string().min(1).max(512),
  password: z.string().min(1).max(8192),
  serveraddress: z.string().min(1).max(512).optional(),
});

/**
 * A named Docker volume: a model volume, mounted read-only, or the job's own scratch volume of a
 * `container/create-volume` op (`writable`). `name` is checked by hand below so that a host path or the Docker
 * socket gets the `forbidden` error rather than a generic validation error.
 */
const VolumeSchema = z.object({
  name: z.string().min(1).max(4096),
  target: z.string().min(1).max(4096),
  writable: z.boolean().optional(),
});

/**
 * What a job op may ask of a container. Everything else about the container (privileges, limits, mounts,
 * network) is decided by the supervisor, never by the job.
 */
export const JobContainerSpecSchema = z
  .object({
    jobId: ID,
    opId: ID,
    image: z.string().min(1).max(1024),
    cmd: z.array(z.string().max(65_536)).max(1024).optional(),
    entrypoint: z.array(z.string().max(65_536)).max(1024).optional(),
    env: z
      .record(z.string().regex(ENV_NAME, 'environment variable names are letters, digits and "_"'), z.string().max(131_072))
      .default({}),
    workDir: z.string().startsWith('/').max(4096).optional(),
    /** GPUs for the container: none, all, or these UUIDs (from nvidia-smi). */
    gpus: z.union([z.literal('none'), z.literal('all'), z.array(z.string().regex(GPU_UUID, 'a GPU UUID like GPU-xxxxxxxx-...')).min(1).max(64)]).default('none'),
    /** Container ports to publish on 127.0.0.1 (random host ports). */
    expose: z.array(z.number().int().min(1).max(65_535)).max(16).default([]),
    volumes: z.array(VolumeSchema).max(32).default([]),
    /** Host names of the op on its job's network (Nosana's `aliases`), for the job's other ops only. */
    aliases: z.array(z.string().regex(HOST_LABEL, 'a host name: lower-case letters, digits and -')).max(MAX_ALIASES).default([]),
    /**
     * Join the job's network though the op exposes nothing and has no alias: an op of a job of several ops, which
     * may call another (an op with ports or aliases joins anyway).
     */
    jobNetwork: z.boolean().default(false),
    /** Credentials for pulling this job's image; used for that pull only. */
    registryAuth: RegistryAuthSchema.optional(),
  })
  .strict();

export type JobContainerSpecInput = z.input<typeof JobContainerSpecSchema>;
export type JobContainerSpec = z.output<typeof JobContainerSpecSchema>;

/**
 * Validates a job's container request. A malformed spec is `invalid_spec`; a spec asking for a host path,
 * the Docker socket or a system directory is `forbidden`. The password of `registryAuth` never appears in
 * an error message. Volume mount points come back normalised (`//models/` is `/models`), as they were checked.
 */
export function parseJobContainerSpec(input: unknown): JobContainerSpec {
  const parsed = JobContainerSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`)
      .join('; ');
    throw new ContainerError(
      'invalid_spec',
      `The job's container definition is invalid (${issues}).`,
      'The job cannot run as written; it is refused and nothing was started.',
    );
  }
  return { ...parsed.data, volumes: parsed.data.volumes.map(checkVolume) };
}

function checkVolume(volume: { name: string; target: string; writable?: boolean }): { name: string; target: string; writable?: boolean } {
  const forbidden = (why: string) =>
    new ContainerError(
      'forbidden',
      `The job asks to mount "${volume.name.slice(0, 200)}" at "${volume.target.slice(0, 200)}": ${why}.`,
      'GridHost never gives a job a host folder or the Docker socket; the job is refused.',
    );
  if (/docker\.sock|podman\.sock|docker_engine/i.test(volume.name) || /docker\.sock|podman\.sock/i.test(volume.target)) {
    throw forbidden('that is the container engine socket, which would give the job control of this computer');
  }
  if (!VOLUME_NAME.test(volume.name)) throw forbidden('only named volumes can be mounted, not host paths');
  const mount = checkMountTarget(volume.target);
  if (!mount.ok) throw forbidden(mount.reason === 'relative' ? mount.message : `that path belongs to the container system: ${mount.message}`);
  return { name: volume.name, target: mount.target, ...(volume.writable ? { writable: true } : {}) };
}
