import { ContainerError } from '../../../../../src/main/core/containers/errors';
import type { SupervisedEngine } from '../../../../../src/main/core/containers/container-supervisor';
import type {
  ContainerCreateBody,
  ContainerState,
  ContainerSummary,
  EngineContainerEvent,
  EngineInfo,
  LogConsumer,
  NetworkKind,
  NetworkSummary,
  Subscription,
  VolumeSummary,
} from '../../../../../src/main/core/containers/ports';
import { FakeImageStore } from './fake-image-store';

interface FakeContainer {
  id: string;
  name: string;
  body: ContainerCreateBody;
  running: boolean;
  exitCode: number | null;
  oomKilled: boolean;
  /** Whether SIGTERM stops it (a container that traps SIGTERM ignores it). */
  honoursSigterm: boolean;
  signals: string[];
  exitWaiters: Array<(code: number) => void>;
  consume: LogConsumer | null;
  /** Networks attached after create (`connectNetwork`), by name. */
  networks: string[];
  endOutput: (() => void) | null;
}

/**
 * An in-memory engine for the supervisor's unit tests (a fake of the ports, not of Docker): its images, and
 * containers, volumes, networks and the event stream.
 */
export class FakeEngine extends FakeImageStore implements SupervisedEngine {
  containers = new Map<string, FakeContainer>();
  volumes: VolumeSummary[] = [];
  networks: NetworkSummary[] = [];
  /** The kind each network was created as, by name. */
  networkKinds = new Map<string, NetworkKind>();
  honoursSigterm = true;
  /** The name of a container whose start the engine refuses. */
  failStartOf: string | null = null;
  subscribers: Array<{ onEvent: (e: EngineContainerEvent) => void; onEnd: (err: Error | null) => void }> = [];
  private seq = 0;

  async ping(): Promise<EngineInfo> {
    this.check();
    return { product: 'Fake Engine', version: '1.0', apiVersion: '1.41', endpoint: 'memory' };
  }
  async createContainer(name: string, body: ContainerCreateBody): Promise<string> {
    this.check();
    if ([...this.containers.values()].some((c) => c.name === name)) throw new ContainerError('engine_error', 'name in use', '');
    const id = `c${(this.seq += 1)}`;
    this.containers.set(id, {
      id, name, body, running: false, exitCode: null, oomKilled: false, honoursSigterm: this.honoursSigterm, signals: [], exitWaiters: [], consume: null, endOutput: null, networks: [],
    });
    return id;
  }
  async attachOutput(id: string, consume: LogConsumer): Promise<{ ended: Promise<void> }> {
    const c = this.get(id);
    c.consume = consume;
    return { ended: new Promise<void>((resolve) => (c.endOutput = resolve)) };
  }
  async startContainer(id: string): Promise<void> {
    if (this.get(id).name === this.failStartOf) throw new ContainerError('engine_error', `Could not start container ${id}: refused`, '');
    this.get(id).running = true;
    this.emit('start', id, null);
  }
  /** Makes a running container print. */
  async print(id: string, stream: 'stdout' | 'stderr', text: string): Promise<void> {
    await this.get(id).consume?.([{ stream, data: Buffer.from(text) }]);
  }
  /** Ends a container as if its process exited. */
  exit(id: string, code: number, oomKilled = false): void {
    const c = this.get(id);
    if (!c.running) return;
    c.running = false;
    c.exitCode = code;
    c.oomKilled = oomKilled;
    c.endOutput?.();
    if (oomKilled) this.emit('oom', id, null);
    this.emit('die', id, code);
    for (const w of c.exitWaiters.splice(0)) w(code);
  }
  async killContainer(id: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const c = this.containers.get(id) ?? this.byName(id);
    if (!c || !c.running) return;
    c.signals.push(signal);
    if (signal === 'SIGKILL') this.exit(c.id, 137);
    else if (c.honoursSigterm) setTimeout(() => this.exit(c.id, 143), 5);
  }
  async waitContainer(id: string): Promise<number> {
    const c = this.containers.get(id) ?? this.byName(id);
    if (!c) throw new ContainerError('not_found', 'no such container', '');
    if (!c.running) return c.exitCode ?? 0;
    return new Promise((resolve) => c.exitWaiters.push(resolve));
  }
  async inspectContainer(id: string): Promise<ContainerState | null> {
    this.check();
    const c = this.containers.get(id) ?? this.byName(id);
    if (!c) return null;
    const hostPorts = Object.fromEntries(Object.keys(c.body.HostConfig.PortBindings ?? {}).map((p, i) => [p, 40000 + i]));
    const attached = c.running ? [c.body.HostConfig.NetworkMode, ...c.networks].filter((n) => n !== 'none') : [];
    const addresses = Object.fromEntries(attached.map((n, i) => [n, `10.0.${[...this.containers.keys()].indexOf(c.id)}.${i + 2}`]));
    return { id: c.id, running: c.running, exitCode: c.exitCode, oomKilled: c.oomKilled, hostPorts, addresses };
  }
  async removeContainer(id: string): Promise<void> {
    this.check();
    const c = this.containers.get(id) ?? this.byName(id);
    if (!c) return;
    if (c.running) this.exit(c.id, 137);
    this.containers.delete(c.id);
  }
  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    this.check();
    return [...this.containers.values()]
      .filter((c) => Object.entries(labels).every(([k, v]) => c.body.Labels[k] === v))
      .map((c) => ({ id: c.id, name: c.name, image: c.body.Image, imageId: c.body.Image, labels: c.body.Labels, state: c.running ? 'running' : 'exited' }));
  }
  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    this.volumes.push({ name, labels });
  }
  async volumeExists(name: string): Promise<boolean> {
    return this.volumes.some((v) => v.name === name);
  }
  async listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]> {
    return this.volumes.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  }
  async removeVolume(name: string): Promise<void> {
    this.volumes = this.volumes.filter((v) => v.name !== name);
  }
  async createNetwork(name: string, labels: Record<string, string>, kind: NetworkKind): Promise<string> {
    const id = `n-${name}`;
    this.networks.push({ id, name, labels });
    this.networkKinds.set(name, kind);
    return id;
  }
  async connectNetwork(networkId: string, containerId: string): Promise<void> {
    const network = this.networks.find((n) => n.id === networkId);
    if (!network) throw new ContainerError('not_found', 'no such network', '');
    this.get(containerId).networks.push(network.name);
  }
  async listNetworks(labels: Record<string, string>): Promise<NetworkSummary[]> {
    return this.networks.filter((n) => Object.entries(labels).every(([k, v]) => n.labels[k] === v));
  }
  async removeNetwork(id: string): Promise<void> {
    this.networks = this.networks.filter((n) => n.id !== id && n.name !== id);
  }
  async subscribeContainerEvents(
    _labels: Record<string, string>,
    onEvent: (e: EngineContainerEvent) => void,
    onEnd: (err: Error | null) => void,
  ): Promise<Subscription> {
    this.check();
    const sub = { onEvent, onEnd };
    this.subscribers.push(sub);
    return { close: () => (this.subscribers = this.subscribers.filter((s) => s !== sub)) };
  }
  /** The engine stops: event streams end, calls fail. */
  goDown(): void {
    this.up = false;
    for (const s of this.subscribers.splice(0)) s.onEnd(new Error('socket hang up'));
  }

  private emit(action: string, id: string, exitCode: number | null): void {
    const c = this.get(id);
    for (const s of this.subscribers) s.onEvent({ action, containerId: id, labels: c.body.Labels, exitCode, timeMs: 0 });
  }
  private get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new ContainerError('not_found', `no container ${id}`, '');
    return c;
  }
  private byName(name: string): FakeContainer | undefined {
    return [...this.containers.values()].find((c) => c.name === name);
  }
}
