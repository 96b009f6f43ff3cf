import { jobNetworkName, LABEL_JOB, LABEL_ROLE } from './container-names';
import { HOST_LABEL, type JobContainerSpec } from './job-container-spec';
import type { NetworkStore } from './ports';

/*
 * A job's ops that need a network share one: `isolated` (internal, no address of the host on it: see
 * `port-proxy.ts`), made for that job only, so its ops reach each other by their aliases and ids and nothing
 * else: not the host, not the LAN, not another job (whose ops sit on a network of their own). The first op of
 * the job that needs it makes it; the job's run removes it when the job ends (`removeJobNetwork`), and reconcile
 * removes a leftover by its labels. An op that needs none (a job's only op, exposing nothing) keeps `none`.
 */

/** The `gridhost.role` label of a job's network. */
export const JOB_NETWORK_ROLE = 'job-network';

export interface JobNetworkRef {
  id: string;
  name: string;
}

/** Whether an op joins its job's network: it exposes ports (its proxy reaches it there), has aliases, or asked to. */
export function joinsJobNetwork(spec: Pick<JobContainerSpec, 'expose' | 'aliases' | 'jobNetwork'>): boolean {
  return spec.expose.length > 0 || spec.aliases.length > 0 || spec.jobNetwork;
}

/**
 * The op's names on its job's network: its aliases, and its id when the id is a host name (so an op that
 * `depends_on` a service can call it by the id it named). An id that is not a host name is simply not a name.
 */
export function networkAliases(spec: Pick<JobContainerSpec, 'opId' | 'aliases'>): string[] {
  const names = HOST_LABEL.test(spec.opId) ? [...spec.aliases, spec.opId] : spec.aliases;
  return [...new Set(names)];
}

/** Makes and removes the networks of jobs, one a job, found again by their labels (a crash's leftover included). */
export class JobNetworks {
  /** A network being made, by job: ops of one job that start together wait for the same one. */
  private readonly making = new Map<string, Promise<JobNetworkRef>>();

  constructor(
    private readonly engine: NetworkStore,
    /** This installation's labels (`hostLabels`). */
    private readonly scope: Record<string, string>,
  ) {}

  /** The job's network: the one already there, or a new one. */
  ensure(jobId: string): Promise<JobNetworkRef> {
    const pending = this.making.get(jobId);
    if (pending) return pending;
    const made = this.findOrCreate(jobId).finally(() => this.making.delete(jobId));
    this.making.set(jobId, made);
    return made;
  }

  /** Removes the job's network (gone already is fine). Its ops' containers and proxies must be gone first. */
  async remove(jobId: string): Promise<void> {
    await this.making.get(jobId)?.catch(() => undefined);
    for (const network of await this.engine.listNetworks(this.labels(jobId))) await this.engine.removeNetwork(network.id);
  }

  private async findOrCreate(jobId: string): Promise<JobNetworkRef> {
    const labels = this.labels(jobId);
    const [existing] = await this.engine.listNetworks(labels);
    if (existing) return { id: existing.id, name: existing.name };
    const name = jobNetworkName(jobId);
    return { id: await this.engine.createNetwork(name, labels, 'isolated'), name };
  }

  private labels(jobId: string): Record<string, string> {
    return { ...this.scope, [LABEL_JOB]: jobId, [LABEL_ROLE]: JOB_NETWORK_ROLE };
  }
}
