import { exposedServices } from './exposed-service';
import { parseImageReference } from '../containers/image-reference';
import { checkMountTarget } from '../containers/mount-targets';
import { JobDefinitionSchema, type JobDefinition } from './job-definition';

/** One reason a job definition is refused: where, what kind of problem, and what it means. */
export interface JobProblem {
  /** Dotted path into the definition, e.g. `ops.0.args.volumes.1.name`. */
  path: string;
  code:
    | 'too_large'
    | 'not_json_object'
    | 'host_mount'
    | 'docker_socket'
    | 'privileged'
    | 'host_namespace'
    | 'absurd_resources'
    | 'bad_image'
    | 'duplicate_op_id'
    | 'reserved_path'
    | 'unsupported';
  message: string;
}

export type JobValidation = { ok: true; definition: JobDefinition } | { ok: false; problems: JobProblem[] };

/** Policy limits a job may ask for. */
export interface JobPolicyLimits {
  /** Largest definition, in bytes of JSON. */
  maxDefinitionBytes: number;
  /** Largest VRAM a job may require, in GiB. */
  maxRequiredVramGiB: number;
}

export const DEFAULT_JOB_POLICY_LIMITS: JobPolicyLimits = { maxDefinitionBytes: 256 * 1024, maxRequiredVramGiB: 192 };

// Fields that exist in Docker or other dialects and would hand the job the host: named so that the refusal
// says what was asked for, not just "unknown field".
const PRIVILEGE_FIELDS: Record<string, JobProblem['code']> = {
  privileged: 'privileged',
  cap_add: 'privileged',
  capabilities: 'privileged',
  devices: 'privileged',
  device_requests: 'privileged',
  security_opt: 'privileged',
  user: 'privileged',
  sysctls: 'privileged',
  network_mode: 'host_namespace',
  network: 'host_namespace',
  pid: 'host_namespace',
  pid_mode: 'host_namespace',
  ipc: 'host_namespace',
  ipc_mode: 'host_namespace',
  uts: 'host_namespace',
  userns_mode: 'host_namespace',
  binds: 'host_mount',
  mounts: 'host_mount',
  host_path: 'host_mount',
  bind: 'host_mount',
  tmpfs: 'host_mount',
  volumes_from: 'host_mount',
};

/**
 * Validates a job definition from the grid before anything of it reaches Docker: the Nosana v0.1 shape
 * (strict), then the host's policy (no host mounts, no Docker socket, no privilege or host namespaces,
 * sane resource asks, a well-formed image). Returns every problem, not just the first.
 */
export function validateJobDefinition(input: unknown, limits: JobPolicyLimits = DEFAULT_JOB_POLICY_LIMITS): JobValidation {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8');
  } catch {
    return { ok: false, problems: [{ path: '', code: 'not_json_object', message: 'The job definition is not plain JSON.' }] };
  }
  if (size > limits.maxDefinitionBytes) {
    return {
      ok: false,
      problems: [{ path: '', code: 'too_large', message: `The job definition is ${size} bytes; at most ${limits.maxDefinitionBytes} are accepted.` }],
    };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '', code: 'not_json_object', message: 'The job definition must be a JSON object.' }] };
  }

  // Hostile fields first, on the raw input, so that the refusal names the danger.
  const problems: JobProblem[] = [];
  scanHostile(input, [], problems);
  if (problems.length > 0) return { ok: false, problems };

  const parsed = JobDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        code: 'unsupported' as const,
        message: `${issue.path.join('.') || 'definition'}: ${issue.message}. GridHost runs Nosana v0.1 container jobs only.`,
      })),
    };
  }
  checkPolicy(parsed.data, limits, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

function scanHostile(value: unknown, path: (string | number)[], problems: JobProblem[]): void {
  if (typeof value === 'string') {
    if (/docker\.sock|\/var\/run\/docker|containerd\.sock|\\\\\.\\pipe\\docker_engine/i.test(value)) {
      problems.push({
        path: path.join('.'),
        code: 'docker_socket',
        message: `${path.join('.')} refers to the Docker engine socket; a job may never reach the engine that runs it.`,
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => scanHostile(item, [...path, i], problems));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const code = PRIVILEGE_FIELDS[key];
    // env holds arbitrary variable names; `user` etc. there are just names.
    const inEnv = path[path.length - 1] === 'env';
    if (code && !inEnv) {
      problems.push({ path: [...path, key].join('.'), code, message: describePrivilege(code, [...path, key].join('.')) });
      continue;
    }
    scanHostile(child, [...path, key], problems);
  }
}

function describePrivilege(code: JobProblem['code'], where: string): string {
  switch (code) {
    case 'privileged':
      return `${where} asks for extra privileges (privileged mode, capabilities, devices or a user); GridHost runs every job unprivileged.`;
    case 'host_namespace':
      return `${where} asks to share the host's network, process or IPC namespace; GridHost isolates every job.`;
    default:
      return `${where} asks to mount a path of the host; jobs may only use named volumes made for them.`;
  }
}

function checkPolicy(definition: JobDefinition, limits: JobPolicyLimits, problems: JobProblem[]): void {
  const vramAsks: [string, number | undefined][] = [
    ['meta.system_requirements.required_vram', definition.meta?.system_requirements?.required_vram],
  ];
  if (definition.global?.image !== undefined) checkImage(definition.global.image, 'global.image', problems);
  const seen = new Set<string>();
  definition.ops.forEach((op, i) => {
    const at = `ops.${i}`;
    if (seen.has(op.id)) {
      problems.push({ path: `${at}.id`, code: 'duplicate_op_id', message: `${at}.id "${op.id}" is used by another op; op ids must be unique.` });
    }
    seen.add(op.id);
    checkImage(op.args.image, `${at}.args.image`, problems);
    vramAsks.push([`${at}.args.required_vram`, op.args.required_vram]);
    for (const { port } of exposedServices(op.args.expose)) {
      if (port < 1 || port > 65_535) {
        problems.push({ path: `${at}.args.expose`, code: 'absurd_resources', message: `${at}.args.expose: ${port} is not a TCP port (1-65535).` });
      }
    }
    (op.args.volumes ?? []).forEach((volume, v) => {
      const where = `${at}.args.volumes.${v}`;
      if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(volume.name)) {
        problems.push({
          path: `${where}.name`,
          code: 'host_mount',
          message: `${where}.name "${volume.name}" is not a volume name (it looks like a host path); jobs may only use named volumes made for them.`,
        });
      }
      checkContainerPath(volume.dest, `${where}.dest`, problems);
    });
  });
  for (const [where, gib] of vramAsks) {
    if (gib !== undefined && gib > limits.maxRequiredVramGiB) {
      problems.push({
        path: where,
        code: 'absurd_resources',
        message: `${where} asks for ${gib} GiB of VRAM; no supported GPU has more than ${limits.maxRequiredVramGiB} GiB.`,
      });
    }
  }
}

function checkImage(image: string, where: string, problems: JobProblem[]): void {
  try {
    parseImageReference(image);
  } catch (err) {
    problems.push({ path: where, code: 'bad_image', message: `${where}: ${(err as Error).message}` });
  }
}

/** The same check (and the same list of reserved paths) as the container supervisor's, on the normalised path. */
function checkContainerPath(path: string, where: string, problems: JobProblem[]): void {
  const mount = checkMountTarget(path);
  if (!mount.ok) problems.push({ path: where, code: 'reserved_path', message: `${where}: ${mount.message}; a volume may not go there.` });
}
