import { parseModelResources } from '../resources/model-resource';
import { parseImageReference } from '../containers/image-reference';
import { HOST_LABEL, MAX_ALIASES } from '../containers/job-container-spec';
import { checkMountTarget } from '../containers/mount-targets';
import { parseExpose } from './expose';
import { isCreateVolumeOp, isRunOp, opAliases, type JobDefinition } from './job-definition';
import { jsonPath, type JobProblem } from './job-problem';
import { checkResultPatterns } from './op-results';
import { MAX_RESTART_TRIES } from './restart-policy';

/** Policy limits a job may ask for. */
export interface JobPolicyLimits {
  /** Largest definition, in bytes of JSON. */
  maxDefinitionBytes: number;
  /** Largest VRAM a job may require, in GiB. */
  maxRequiredVramGiB: number;
}

export const DEFAULT_JOB_POLICY_LIMITS: JobPolicyLimits = { maxDefinitionBytes: 256 * 1024, maxRequiredVramGiB: 192 };

const VOLUME_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * GridHost's policy over a definition that has Nosana's shape: what the dialect allows but this host refuses
 * (a host path as a volume, a reserved mount point, an absurd ask, a bad image reference, endpoints of its
 * own), and the fields Nosana leaves loose that the host must pin down (VRAM as a number, bounded restarts).
 */
export function checkPolicy(definition: JobDefinition, limits: JobPolicyLimits, problems: JobProblem[]): void {
  const add = (parts: (string | number)[], code: JobProblem['code'], message: string) => problems.push({ path: jsonPath(parts), code, message: `${jsonPath(parts)}: ${message}` });
  checkMeta(definition, limits, add);
  if (definition.logistics) add(['logistics'], 'unsupported', 'GridHost reports results to the grid that posted the job, not to endpoints of the job; remove logistics.');
  if (definition.global?.image !== undefined) checkImage(definition.global.image, ['global', 'image'], add);
  const volumes = new Set(definition.ops.filter(isCreateVolumeOp).map((op) => op.args.name));
  definition.ops.forEach((op, i) => {
    const at = ['ops', i];
    if (isCreateVolumeOp(op)) {
      const extra = Object.keys(op.args).filter((k) => k !== 'name');
      if (extra.length > 0 || typeof op.args.name !== 'string') {
        add([...at, 'args'], 'shape', `a container/create-volume op takes only args.name (a volume name)${extra.length > 0 ? `; remove ${extra.join(', ')}` : ''}.`);
      } else if (!VOLUME_NAME.test(op.args.name)) add([...at, 'args', 'name'], 'host_mount', `"${op.args.name}" is not a volume name; use lower-case letters, digits, - and _ (at most 64).`);
      return;
    }
    if (!isRunOp(op)) return;
    if (typeof op.args.image !== 'string' || 'name' in op.args) {
      add([...at, 'args'], 'shape', 'a container/run op needs args.image (and takes no args.name); fix the op.');
      return;
    }
    checkResultPatterns(op.results, [...at, 'results'], problems);
    const args = op.args;
    checkImage(args.image, [...at, 'args', 'image'], add);
    parseExpose(args.expose, [...at, 'args', 'expose'], problems);
    try {
      parseModelResources(args.resources);
    } catch (err) {
      add([...at, 'args', 'resources'], 'unsupported', (err as Error).message);
    }
    (args.volumes ?? []).forEach((volume, v) => {
      const where = [...at, 'args', 'volumes', v];
      if (!VOLUME_NAME.test(volume.name)) {
        add([...where, 'name'], 'host_mount', `"${volume.name}" is not a volume name (it looks like a host path); jobs may only use volumes made by a container/create-volume op.`);
      } else if (!volumes.has(volume.name)) {
        add([...where, 'name'], 'unsupported', `no container/create-volume op makes "${volume.name}"; add one ({"type": "container/create-volume", "id": "...", "args": {"name": "${volume.name}"}}) before this op.`);
      }
      const mount = checkMountTarget(volume.dest);
      if (!mount.ok) add([...where, 'dest'], 'reserved_path', `${mount.message}; a volume may not go there.`);
    });
    const aliases = opAliases(args);
    aliases.forEach((alias, a) => {
      if (!HOST_LABEL.test(alias)) add([...at, 'args', 'aliases', ...(Array.isArray(args.aliases) ? [a] : [])], 'unsupported', `"${alias}" is not a host name; use lower-case letters, digits and -.`);
    });
    if (aliases.length > MAX_ALIASES) add([...at, 'args', 'aliases'], 'absurd_resources', `${aliases.length} aliases asked; at most ${MAX_ALIASES} are allowed.`);
    const policy = args.restart_policy;
    if (typeof policy === 'object' && (policy.restart_tries ?? 0) > MAX_RESTART_TRIES) {
      add([...at, 'args', 'restart_policy', 'restart_tries'], 'absurd_resources', `${policy.restart_tries} restarts asked; at most ${MAX_RESTART_TRIES} are allowed.`);
    }
    const docker = args.authentication?.docker;
    if (docker && (!docker.username || !docker.password)) {
      add([...at, 'args', 'authentication', 'docker'], 'unsupported', 'give both username and password for the private registry, or remove authentication.');
    }
  });
}

function checkMeta(definition: JobDefinition, limits: JobPolicyLimits, add: (parts: (string | number)[], code: JobProblem['code'], message: string) => void): void {
  const meta = definition.meta ?? {};
  if ('system_requirements' in meta) add(['meta', 'system_requirements'], 'unsupported', 'Nosana names this meta.system_resources; write meta.system_resources.required_vram.');
  const vram = meta.system_resources?.required_vram;
  if (vram === undefined) return;
  const where = ['meta', 'system_resources', 'required_vram'];
  if (typeof vram !== 'number' || !Number.isFinite(vram) || vram < 0) add(where, 'unsupported', 'give the VRAM the job needs as a number of GiB, e.g. 8.');
  else if (vram > limits.maxRequiredVramGiB) add(where, 'absurd_resources', `asks for ${vram} GiB of VRAM; no supported GPU has more than ${limits.maxRequiredVramGiB} GiB.`);
}

function checkImage(image: string, parts: (string | number)[], add: (parts: (string | number)[], code: JobProblem['code'], message: string) => void): void {
  try {
    parseImageReference(image);
  } catch (err) {
    add(parts, 'bad_image', (err as Error).message);
  }
}
