import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import { ContainerError } from '../../core/containers/errors';
import type {
  ContainerCreateBody,
  ContainerRuntime,
  ContainerState,
  ContainerSummary,
  EngineConnection,
  EngineContainerEvent,
  EngineInfo,
  ImageRecord,
  ImageStore,
  LogConsumer,
  NetworkKind,
  NetworkStore,
  NetworkSummary,
  PullMessage,
  RegistryAuth,
  Subscription,
  VolumeStore,
  VolumeSummary,
} from '../../core/containers/ports';
import { pullError } from '../../core/containers/pull-errors';
import { connectDocker, type ConnectOptions, type DockerConnection } from './docker-connection';
import { engineMessage, isConnectionError, statusCodeOf, toContainerError } from './docker-errors';
import { JsonLineSplitter } from './json-line-splitter';
import { LogFrameDemuxer } from './log-frame-demuxer';

const labelFilter = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

/**
 * The container engine ports over dockerode: Docker, Docker Desktop, or Podman's Docker-compatible API.
 * `ping` (re)connects, trying the endpoints again, so an engine started after GridHost is found.
 */
export class DockerEngine implements EngineConnection, ImageStore, ContainerRuntime, VolumeStore, NetworkStore {
  private connection: DockerConnection | null = null;

  constructor(private readonly options: ConnectOptions = {}) {}

  /** The dockerode client of the current connection (for readiness checks that need more than the port). */
  get client(): Docker | null {
    return this.connection?.docker ?? null;
  }

  async ping(): Promise<EngineInfo> {
    this.connection = await connectDocker(this.options);
    return this.connection.info;
  }

  async pull(reference: string, auth: RegistryAuth | null, onMessage: (message: PullMessage) => void): Promise<void> {
    const docker = this.docker();
    let stream: IncomingMessage;
    try {
      // Credentials go in this request's X-Registry-Auth header only; dockerode keeps nothing.
      stream = (await docker.pull(reference, auth ? { authconfig: { ...auth } } : {})) as IncomingMessage;
    } catch (err) {
      if (isConnectionError(err)) throw toContainerError(err, `pull ${reference}`);
      throw pullError(reference, engineMessage(err));
    }
    const lines = new JsonLineSplitter();
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        for (const value of lines.push(chunk)) if (value && typeof value === 'object') onMessage(value as PullMessage);
      });
      stream.on('end', () => resolve());
      stream.on('error', (err) => reject(toContainerError(err, `pull ${reference}`)));
    });
  }

  async inspectImage(reference: string): Promise<ImageRecord | null> {
    try {
      const info = await this.docker().getImage(reference).inspect();
      return {
        id: info.Id,
        tags: info.RepoTags ?? [],
        repoDigests: info.RepoDigests ?? [],
        sizeBytes: info.Size,
        labels: info.Config?.Labels ?? {},
      };
    } catch (err) {
      if (statusCodeOf(err) === 404) return null;
      throw toContainerError(err, `inspect image ${reference}`);
    }
  }

  async listImages(): Promise<ImageRecord[]> {
    const images = await this.call(() => this.docker().listImages(), 'list images');
    return images.map((i) => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      repoDigests: (i.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
      sizeBytes: i.Size,
      labels: i.Labels ?? {},
    }));
  }

  async removeImage(id: string): Promise<void> {
    await this.call(() => this.docker().getImage(id).remove({ force: false }), `remove image ${id.slice(0, 19)}`);
  }

  async createContainer(name: string, body: ContainerCreateBody): Promise<string> {
    const container = await this.call(() => this.docker().createContainer({ name, ...body }), `create container ${name}`);
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.call(() => this.docker().getContainer(id).start(), `start container ${id.slice(0, 12)}`);
  }

  async killContainer(id: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    try {
      await this.docker().getContainer(id).kill({ signal });
    } catch (err) {
      // 409: not running; 404: gone. Either way there is nothing left to signal.
      if (statusCodeOf(err) === 409 || statusCodeOf(err) === 404) return;
      throw toContainerError(err, `send ${signal} to container ${id.slice(0, 12)}`);
    }
  }

  async waitContainer(id: string): Promise<number> {
    try {
      const result = (await this.docker().getContainer(id).wait({ condition: 'not-running' })) as { StatusCode: number };
      return result.StatusCode;
    } catch (err) {
      throw toContainerError(err, `wait for container ${id.slice(0, 12)}`);
    }
  }

  async inspectContainer(id: string): Promise<ContainerState | null> {
    try {
      const info = await this.docker().getContainer(id).inspect();
      const hostPorts: Record<string, number> = {};
      for (const [port, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
        const hostPort = Number(bindings?.[0]?.HostPort);
        if (Number.isInteger(hostPort) && hostPort > 0) hostPorts[port] = hostPort;
      }
      const addresses: Record<string, string> = {};
      for (const [network, endpoint] of Object.entries(info.NetworkSettings?.Networks ?? {})) {
        if (endpoint?.IPAddress) addresses[network] = endpoint.IPAddress;
      }
      return {
        id: info.Id,
        running: info.State.Running,
        exitCode: info.State.Running ? null : info.State.ExitCode,
        oomKilled: info.State.OOMKilled,
        hostPorts,
        addresses,
      };
    } catch (err) {
      if (statusCodeOf(err) === 404) return null;
      throw toContainerError(err, `inspect container ${id.slice(0, 12)}`);
    }
  }

  async removeContainer(id: string): Promise<void> {
    const container = this.docker().getContainer(id);
    try {
      await container.remove({ force: true, v: true });
    } catch (err) {
      const status = statusCodeOf(err);
      if (status === 404) return;
      // 409 "removal already in progress": another remove is on it; wait until it is really gone.
      if (status !== 409) throw toContainerError(err, `remove container ${id.slice(0, 12)}`);
    }
    for (let i = 0; i < 100; i += 1) {
      if (!(await this.inspectContainer(id))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new ContainerError('engine_error', `Container ${id.slice(0, 12)} is still there 10 s after removal.`, 'Restart Docker if it keeps happening.');
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const filters: Record<string, string[]> = Object.keys(labels).length > 0 ? { label: labelFilter(labels) } : {};
    const list = await this.call(() => this.docker().listContainers({ all: true, filters }), 'list containers');
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
      image: c.Image,
      imageId: c.ImageID,
      labels: c.Labels ?? {},
      state: c.State,
    }));
  }

  async attachOutput(id: string, consume: LogConsumer): Promise<{ ended: Promise<void> }> {
    const container = this.docker().getContainer(id);
    // Attach, not `logs --follow`: the engine re-reads its json-file for that (several times slower here, and
    // a reader that falls behind the file rotation loses output), while attach copies from the container's
    // pipes and passes our backpressure on to the container.
    const stream = (await this.call(
      () => container.attach({ stream: true, stdout: true, stderr: true, logs: false }),
      `attach to the output of container ${id.slice(0, 12)}`,
    )) as unknown as IncomingMessage;
    const demuxer = new LogFrameDemuxer();
    const ended = new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        const chunks = demuxer.push(chunk);
        if (chunks.length === 0) return;
        const pending = consume(chunks);
        if (!pending) return;
        // Backpressure: read nothing more from the engine until the consumer has stored this batch.
        stream.pause();
        pending.then(
          () => stream.resume(),
          (err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))),
        );
      });
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', (err) => reject(toContainerError(err, `read the output of container ${id.slice(0, 12)}`)));
    });
    return { ended };
  }

  /** A named volume; with `bindFolder`, one that binds that folder of this machine (the model cache's entries). */
  async createVolume(name: string, labels: Record<string, string>, bindFolder?: string): Promise<void> {
    const DriverOpts = bindFolder ? { type: 'none', o: 'bind', device: bindFolder } : undefined;
    await this.call(() => this.docker().createVolume({ Name: name, Labels: labels, ...(DriverOpts ? { Driver: 'local', DriverOpts } : {}) }), `create volume ${name}`);
  }

  async volumeExists(name: string): Promise<boolean> {
    try {
      await this.docker().getVolume(name).inspect();
      return true;
    } catch (err) {
      if (statusCodeOf(err) === 404) return false;
      throw toContainerError(err, `inspect volume ${name}`);
    }
  }

  async listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]> {
    const result = await this.call(() => this.docker().listVolumes({ filters: { label: labelFilter(labels) } }), 'list volumes');
    return (result.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker().getVolume(name).remove();
    } catch (err) {
      if (statusCodeOf(err) === 404) return;
      throw toContainerError(err, `remove volume ${name}`);
    }
  }

  async createNetwork(name: string, labels: Record<string, string>, kind: NetworkKind): Promise<string> {
    const options: { Internal?: boolean; Options: Record<string, string> } =
      kind === 'isolated'
        ? {
            // No route out, and no IPv4 address of the host on the bridge: without it nothing answers for the
            // gateway, so the job reaches neither the host (its services on 0.0.0.0 included) nor, through it, the
            // LAN. `Internal` alone does not do that: the host keeps the gateway address and answers on it.
            // Containers get no IPv6 on a network without IPv6 (the engine disables it in their namespace).
            Internal: true,
            Options: { 'com.docker.network.bridge.inhibit_ipv4': 'true' },
          }
        : // The port proxy's published side: containers on it cannot talk to each other.
          { Options: { 'com.docker.network.bridge.enable_icc': 'false' } };
    const network = await this.call(
      () => this.docker().createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels, ...options }),
      `create network ${name}`,
    );
    return network.id;
  }

  async connectNetwork(networkId: string, containerId: string): Promise<void> {
    await this.call(
      () => this.docker().getNetwork(networkId).connect({ Container: containerId }),
      `attach container ${containerId.slice(0, 12)} to network ${networkId.slice(0, 12)}`,
    );
  }

  async listNetworks(labels: Record<string, string>): Promise<NetworkSummary[]> {
    const list = await this.call(() => this.docker().listNetworks({ filters: { label: labelFilter(labels) } }), 'list networks');
    return list.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
  }

  async removeNetwork(id: string): Promise<void> {
    try {
      await this.docker().getNetwork(id).remove();
    } catch (err) {
      if (statusCodeOf(err) === 404) return;
      throw toContainerError(err, `remove network ${id}`);
    }
  }

  async subscribeContainerEvents(
    labels: Record<string, string>,
    onEvent: (event: EngineContainerEvent) => void,
    onEnd: (err: Error | null) => void,
  ): Promise<Subscription> {
    const stream = (await this.call(
      () => this.docker().getEvents({ filters: { type: ['container'], label: labelFilter(labels) } }),
      'watch container events',
    )) as unknown as IncomingMessage;
    const lines = new JsonLineSplitter();
    let closed = false;
    const end = (err: Error | null) => {
      if (closed) return;
      closed = true;
      onEnd(err);
    };
    stream.on('data', (chunk: Buffer) => {
      for (const value of lines.push(chunk)) {
        const event = toEngineEvent(value);
        if (event) onEvent(event);
      }
    });
    stream.on('end', () => end(null));
    stream.on('close', () => end(null));
    stream.on('error', (err) => end(err));
    return {
      close: () => {
        closed = true;
        stream.destroy();
      },
    };
  }

  private docker(): Docker {
    if (!this.connection) {
      throw new ContainerError('engine_unavailable', 'GridHost is not connected to a container engine yet.', 'Start Docker (or Podman); GridHost connects by itself.');
    }
    return this.connection.docker;
  }

  private async call<T>(fn: () => Promise<T>, what: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toContainerError(err, what);
    }
  }
}

function toEngineEvent(value: unknown): EngineContainerEvent | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { Action?: unknown; status?: unknown; id?: unknown; Actor?: { ID?: unknown; Attributes?: Record<string, string> }; time?: unknown };
  const action = typeof v.Action === 'string' ? v.Action : typeof v.status === 'string' ? v.status : null;
  const containerId = typeof v.Actor?.ID === 'string' ? v.Actor.ID : typeof v.id === 'string' ? v.id : null;
  if (!action || !containerId) return null;
  const attributes = v.Actor?.Attributes ?? {};
  const exitCode = attributes.exitCode !== undefined ? Number(attributes.exitCode) : null;
  return {
    action,
    containerId,
    labels: attributes,
    exitCode: Number.isFinite(exitCode) ? exitCode : null,
    timeMs: typeof v.time === 'number' ? v.time * 1000 : Date.now(),
  };
}
