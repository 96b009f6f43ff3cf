import type { JobDefinition } from './job-definition';
import { checkPolicy, DEFAULT_JOB_POLICY_LIMITS, type JobPolicyLimits } from './job-policy-checks';
import { jsonPath, type JobProblem } from './job-problem';
import { checkNosanaShape } from './job-shape';
import { resolveGlobalLiterals } from './literals';
import { planOps, type PlannedOp } from './op-plan';

export type { JobProblem } from './job-problem';
export { DEFAULT_JOB_POLICY_LIMITS, type JobPolicyLimits } from './job-policy-checks';

/** A definition that would run: its literals of `global.variables` resolved, and the order of its ops. */
export type JobValidation = { ok: true; definition: JobDefinition; plan: PlannedOp[][] } | { ok: false; problems: JobProblem[] };

// Fields that exist in Docker or other dialects and would hand the job the host: named so that the refusal
// says what was asked for, not just "not a field".
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
  required_vram: 'unsupported',
};

/**
 * Validates a job definition before anything of it reaches Docker: the hostile fields first (so the refusal
 * names the danger), then Nosana's shape (`@nosana/types`, the authority), then GridHost's policy (no host
 * mounts, no Docker socket, no privilege or host namespaces, sane asks, well-formed images), the op graph and
 * the literals. Returns every problem, each with its JSON path and what to do. The same code runs on the host
 * (job-run.ts), in `gridhost job validate` and in the local grid's post-job.
 */
export function validateJobDefinition(input: unknown, limits: JobPolicyLimits = DEFAULT_JOB_POLICY_LIMITS): JobValidation {
  let size: number;
  try {
    size = new TextEncoder().encode(JSON.stringify(input) ?? '').length;
  } catch {
    return { ok: false, problems: [{ path: '', code: 'not_json_object', message: 'The job definition is not plain JSON.' }] };
  }
  if (size > limits.maxDefinitionBytes) {
    return {
      ok: false,
      problems: [{ path: '', code: 'too_large', message: `The job definition is ${size} bytes; at most ${limits.maxDefinitionBytes} are accepted. Make it smaller.` }],
    };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '', code: 'not_json_object', message: 'The job definition must be a JSON object ({"version": "0.1", "type": "container", "ops": [...]}).' }] };
  }

  const problems: JobProblem[] = [];
  scanHostile(input, [], problems);
  if (problems.length > 0) return { ok: false, problems };

  const shape = checkNosanaShape(input);
  if (!shape.ok) return shape;
  checkPolicy(shape.definition, limits, problems);
  const plan = planOps(shape.definition.ops, problems);
  const definition = resolveGlobalLiterals(shape.definition, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition, plan };
}

function scanHostile(value: unknown, path: (string | number)[], problems: JobProblem[]): void {
  if (typeof value === 'string') {
    if (/docker\.sock|\/var\/run\/docker|containerd\.sock|\\\\\.\\pipe\\docker_engine/i.test(value)) {
      const where = jsonPath(path);
      problems.push({ path: where, code: 'docker_socket', message: `${where} refers to the Docker engine socket; a job may never reach the engine that runs it. Remove it.` });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => scanHostile(item, [...path, i], problems));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  // env and variables hold arbitrary names; `user` etc. there are just names. Meta is free-form in Nosana.
  const last = path[path.length - 1];
  const freeForm = last === 'env' || last === 'variables' || last === 'headers' || (path.length === 2 && path[0] === 'meta');
  for (const [key, child] of Object.entries(value)) {
    const code = PRIVILEGE_FIELDS[key];
    if (code && !freeForm) {
      const where = jsonPath([...path, key]);
      problems.push({ path: where, code, message: describePrivilege(code, where) });
      continue;
    }
    scanHostile(child, [...path, key], problems);
  }
}

function describePrivilege(code: JobProblem['code'], where: string): string {
  switch (code) {
    case 'privileged':
      return `${where} asks for extra privileges (privileged mode, capabilities, devices or a user); GridHost runs every job unprivileged. Remove it.`;
    case 'host_namespace':
      return `${where} asks to share the host's network, process or IPC namespace; GridHost isolates every job. Remove it.`;
    case 'unsupported':
      return `${where} is not a field of Nosana's dialect; write the VRAM the job needs as meta.system_resources.required_vram.`;
    default:
      return `${where} asks to mount a path of the host; jobs may only use volumes made by a container/create-volume op. Remove it.`;
  }
}
