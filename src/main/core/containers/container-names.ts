import { createHash } from 'node:crypto';

/** Labels that mark what the supervisor created; reconcile and the image cache find things by them. */
export const LABEL_MANAGED = 'gridhost.managed';
export const LABEL_JOB = 'gridhost.job';
export const LABEL_OP = 'gridhost.op';
/** The image reference the job asked for (the container's Image is the resolved id). */
export const LABEL_IMAGE = 'gridhost.image';
/**
 * Which GridHost installation (data folder) made it. Reconcile only touches its own: a second installation,
 * or a test host started beside a running one, must not remove the other's containers.
 */
export const LABEL_HOST = 'gridhost.host';
/** On a helper container of an op (its port proxy): `port-proxy`. Its engine events are not the op's. */
export const LABEL_ROLE = 'gridhost.role';

/** The image the GPU benchmark runs; the image cache never removes it. */
export const BENCHMARK_IMAGE_REPOSITORY = 'gridhost/benchmark';

/** The labels that say "this installation made it": what reconcile and the event stream filter on. */
export function hostLabels(hostId: string): Record<string, string> {
  return { [LABEL_MANAGED]: '1', [LABEL_HOST]: hostId };
}

export function ownershipLabels(hostId: string, jobId: string, opId: string): Record<string, string> {
  return { ...hostLabels(hostId), [LABEL_JOB]: jobId, [LABEL_OP]: opId };
}

/** A stable id for a data folder: the same installation finds its leftovers after a restart. */
export function hostIdOf(dataDir: string): string {
  return createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
}

const MAX_PART = 40;

/** A name part Docker accepts; when anything had to change, a short hash keeps distinct ids distinct. */
function namePart(id: string): string {
  const clean = id.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').slice(0, MAX_PART);
  if (clean === id) return clean;
  return `${clean}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

/**
 * Deterministic container name of an op: `gridhost-<job>-<op>`, sanitised. The same op always gets the same
 * name, so a leftover from a crash is found (and replaced) instead of piling up.
 */
export function containerName(jobId: string, opId: string): string {
  return `gridhost-${namePart(jobId)}-${namePart(opId)}`;
}

/**
 * The one internal network of a job (`job-network.ts`): its ops that need a network and their port proxies. The
 * `jobnet` prefix keeps it apart from the names of containers and of the proxies' networks.
 */
export function jobNetworkName(jobId: string): string {
  return `gridhost-jobnet-${namePart(jobId)}`;
}

/**
 * The volume of a model cache entry: `gridhost-model-<host>-<key>`. The installation is in the name because the
 * engine is shared: another data folder on this machine caching the same model has its own volume, bound to its
 * own folder, which this one must neither mount nor remove.
 */
export function modelVolumeName(hostId: string, key: string): string {
  return `gridhost-model-${hostId}-${key}`;
}

/** The port proxy of an op that exposes ports, and the network its ports are published from. */
export function portProxyName(jobId: string, opId: string): string {
  return `${containerName(jobId, opId)}-ports`;
}
