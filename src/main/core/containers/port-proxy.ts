import { LABEL_ROLE, portProxyName } from './container-names';
import { ContainerError } from './errors';
import { hardenedCreateBody, type ContainerSettings } from './hardened-config';
import { parseJobContainerSpec } from './job-container-spec';
import type { ContainerCreateBody, ContainerRuntime, NetworkStore } from './ports';

/*
 * A job that exposes a port runs on its own `isolated` network (the job's network, `job-network.ts`): internal,
 * with no address of the host on it, so it reaches neither the host nor the LAN nor another job (a Docker bridge
 * network, internal or not, otherwise keeps the host's gateway address, and the host answers there with every
 * service listening on 0.0.0.0). The
 * host itself then cannot reach the job either, so its ports are published by a proxy container that GridHost
 * controls: attached to the job's network and to a `published` network of its own, with each port published on
 * 127.0.0.1 (a random host port), and relaying each connection to the job's address with busybox `nc`. The proxy
 * is hardened like a job and runs nothing the job chose. This works the same on Linux engines (with or without
 * iptables) and on Docker Desktop, where the host cannot reach container addresses at all.
 */

/** The proxy's image: busybox, whose `nc -ll -e` relays connections. Replaced with GRIDHOST_PORT_PROXY_IMAGE. */
export const PORT_PROXY_IMAGE = 'busybox:1.36.1';

/** The `gridhost.role` label of a port proxy. */
export const PORT_PROXY_ROLE = 'port-proxy';

/** A relay of a few `nc` processes needs little; the pids limit bounds the connections at once. */
const PROXY_LIMITS: ContainerSettings = { stopGraceSeconds: 1, memoryMiB: 256, cpus: 1, imageCacheGiB: 1, allowedRegistries: [] };
const PROXY_PIDS_LIMIT = 512;

export interface PortPublishing {
  /** The proxy container. */
  proxyId: string;
  /** Its `published` network. */
  networkId: string;
  /** Host port on 127.0.0.1 for each exposed `port/tcp`. */
  hostPorts: Record<string, number>;
}

export interface PublishRequest {
  jobId: string;
  opId: string;
  /** The op's container, started, on its job's network. */
  containerId: string;
  jobNetwork: { id: string; name: string };
  ports: number[];
  /** The proxy image, present on the engine. */
  image: string;
  /** The op's ownership labels; the proxy and its network also get the role label. */
  labels: Record<string, string>;
}

/** The name of the proxy's `published` network. */
export function publishedNetworkName(jobId: string, opId: string): string {
  return `${portProxyName(jobId, opId)}-net`;
}

/** The create body of an op's port proxy: hardened like a job, with the ports published on 127.0.0.1 only. */
export function portProxyCreateBody(request: PublishRequest, jobAddress: string, networkMode: string): ContainerCreateBody {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(jobAddress)) {
    throw new ContainerError('engine_error', `The engine gave the job container an unexpected address (${jobAddress.slice(0, 60)}).`, 'Restart Docker and try again.');
  }
  const relays = request.ports.map((port) => `nc -ll -p ${port} -e nc ${jobAddress} ${port} &`);
  const spec = parseJobContainerSpec({
    jobId: request.jobId,
    opId: request.opId,
    image: request.image,
    entrypoint: ['sh'],
    cmd: ['-c', `${relays.join(' ')} wait`],
  });
  const body = hardenedCreateBody(spec, request.image, PROXY_LIMITS, { network: null, labels: { ...request.labels, [LABEL_ROLE]: PORT_PROXY_ROLE } });
  const ports = request.ports.map((p) => `${p}/tcp`);
  body.HostConfig.NetworkMode = networkMode;
  body.HostConfig.PidsLimit = PROXY_PIDS_LIMIT;
  body.ExposedPorts = Object.fromEntries(ports.map((p) => [p, {}]));
  // HostPort '' asks the engine for a random free port; 127.0.0.1 keeps it off the LAN.
  body.HostConfig.PortBindings = Object.fromEntries(ports.map((p) => [p, [{ HostIp: '127.0.0.1', HostPort: '' }]]));
  return body;
}

/**
 * Publishes the ports of a started op through its proxy: the `published` network, the proxy on it and on the
 * job's network, started, and the host ports it got. On failure nothing of the proxy is left.
 */
export async function publishPorts(engine: ContainerRuntime & NetworkStore, request: PublishRequest): Promise<PortPublishing> {
  const job = await engine.inspectContainer(request.containerId);
  const address = job?.addresses[request.jobNetwork.name];
  if (!address) {
    throw new ContainerError(
      'engine_error',
      `The job container has no address on its network ${request.jobNetwork.name}, so its ports cannot be published.`,
      'Restart Docker and try again; if it keeps happening, export a support bundle.',
    );
  }
  const name = portProxyName(request.jobId, request.opId);
  const networkName = publishedNetworkName(request.jobId, request.opId);
  await removePortPublishing(engine, request.jobId, request.opId);
  let networkId: string | null = null;
  let proxyId: string | null = null;
  try {
    networkId = await engine.createNetwork(networkName, { ...request.labels, [LABEL_ROLE]: PORT_PROXY_ROLE }, 'published');
    proxyId = await engine.createContainer(name, portProxyCreateBody(request, address, networkName));
    await engine.connectNetwork(request.jobNetwork.id, proxyId);
    await engine.startContainer(proxyId);
    const proxy = await engine.inspectContainer(proxyId);
    const hostPorts = proxy?.hostPorts ?? {};
    const missing = request.ports.filter((p) => !hostPorts[`${p}/tcp`]);
    if (missing.length > 0) {
      throw new ContainerError(
        'engine_error',
        `The container engine did not publish port ${missing.join(', ')} of the job on 127.0.0.1.`,
        'Jobs with ports cannot run on this engine configuration; jobs without ports are unaffected.',
      );
    }
    return { proxyId, networkId, hostPorts };
  } catch (err) {
    if (proxyId) await engine.removeContainer(proxyId).catch(() => undefined);
    if (networkId) await engine.removeNetwork(networkId).catch(() => undefined);
    throw err;
  }
}

/** Removes an op's proxy and its `published` network, by name (a leftover of a crash included). */
export async function removePortPublishing(engine: ContainerRuntime & NetworkStore, jobId: string, opId: string): Promise<void> {
  await engine.removeContainer(portProxyName(jobId, opId));
  await engine.removeNetwork(publishedNetworkName(jobId, opId));
}
