import type { Clock, Logger } from '../ports';
import { containerName, hostLabels, LABEL_IMAGE, LABEL_JOB, LABEL_OP, LABEL_ROLE, ownershipLabels } from './container-names';
import { EngineMonitor, type EngineStatus } from './engine-monitor';
import { ContainerError, isContainerError } from './errors';
import { hardenedCreateBody, type ContainerSettings } from './hardened-config';
import { PORT_PROXY_IMAGE, PORT_PROXY_ROLE, publishPorts, removePortPublishing, type PortPublishing } from './port-proxy';
import type { CacheUsage, ImageCache } from './image-cache';
import { parseImageReference } from './image-reference';
import { parseJobContainerSpec } from './job-container-spec';
import { droppedRuntimeVariables } from './job-environment';
import { JobNetworks, joinsJobNetwork, networkAliases, type JobNetworkRef } from './job-network';
import { DEFAULT_JOB_LOG_LIMITS, JobLogStream, type JobLogLimits, type LogBatch } from './job-log-stream';
import type { LogLine } from './log-ring';
import type {
  ContainerRuntime,
  EngineConnection,
  EngineContainerEvent,
  ImageStore,
  JobLogFiles,
  NetworkStore,
  RegistryAuth,
  RegistryHostResolver,
  UtilityContainers,
  UtilityRunOptions,
  UtilityRunResult,
  VolumeStore,
} from './ports';
import { pullError } from './pull-errors';
import { PullProgressTracker, type PullProgress } from './pull-progress';
import { checkRegistry } from './registry-policy';
import { runUtilityContainer } from './utility-runner';
import { checkVolumesOwned } from './volume-ownership';

/** Everything the supervisor tells the rest of the host, as it happens. */
export type ContainerEvent =
  | { type: 'engine'; status: EngineStatus }
  | { type: 'pull'; reference: string; progress: PullProgress }
  | { type: 'log'; batch: LogBatch }
  | { type: 'started'; jobId: string; opId: string; containerId: string; hostPorts: Record<string, number> }
  /** The engine saw a container of ours die (any cause). */
  | { type: 'die'; jobId: string; opId: string; containerId: string; exitCode: number | null }
  /** The kernel's OOM killer struck inside a container of ours. */
  | { type: 'oom'; jobId: string; opId: string; containerId: string }
  /** An op's container finished: its exit code and whether it was OOM-killed. */
  | { type: 'exit'; jobId: string; opId: string; containerId: string; exitCode: number; oomKilled: boolean; ranMs: number };

/** The supervisor drives the whole engine: its connection, images, containers, volumes and networks. */
export type SupervisedEngine = EngineConnection & ImageStore & ContainerRuntime & VolumeStore & NetworkStore;

export interface SupervisorDeps {
  engine: SupervisedEngine;
  /** This installation's id (`hostIdOf(dataDir)`), put on everything it creates; reconcile touches only those. */
  hostId: string;
  logFiles: JobLogFiles;
  imageCache: ImageCache;
  /** Read at each use, so a settings change applies to the next container. */
  settings: () => ContainerSettings;
  logger: Logger;
  clock: Clock;
  onEvent: (event: ContainerEvent) => void;
  logLimits?: JobLogLimits;
  /** Least time between two pull progress events of one pull. */
  pullProgressIntervalMs?: number;
  /** The port proxy's image (busybox); `PORT_PROXY_IMAGE` when absent. */
  portProxyImage?: string;
  /** Resolves registry names before a pull: a registry on this computer or the LAN is refused (`registry-policy.ts`). */
  registryResolver: RegistryHostResolver;
}

export interface PulledImage {
  reference: string;
  imageId: string;
  /** The manifest digest (`sha256:...`) when the image came from a registry. */
  digest: string | null;
  sizeBytes: number;
}

export interface RunningOp {
  jobId: string;
  opId: string;
  containerId: string;
  name: string;
  image: PulledImage;
  /** Host port on 127.0.0.1 for each exposed `port/tcp`. */
  hostPorts: Record<string, number>;
  /** From the create call to the engine reporting the container running. */
  startLatencyMs: number;
  /** Settles when the container has exited and its output is flushed. */
  exited: Promise<{ exitCode: number; oomKilled: boolean }>;
}

export interface StopReport {
  /** From the stop request until the container was removed. */
  durationMs: number;
  /** True when SIGTERM was ignored past the grace period and SIGKILL was sent. */
  killed: boolean;
  exitCode: number | null;
  /** True when there was no container left to stop. */
  alreadyGone: boolean;
}

export interface ReconcileReport {
  containers: string[];
  volumes: string[];
  networks: string[];
}

interface TrackedOp {
  run: RunningOp;
  logs: JobLogStream;
  /** Its port proxy and the proxy's network. */
  ports: PortPublishing | null;
  finished: Promise<void>;
}

const opKey = (jobId: string, opId: string) => `${jobId}\u0000${opId}`;


/**
 * Runs job containers safely: pulls with one progress figure, creates them hardened, streams their output
 * within bounds, stops them with SIGTERM then SIGKILL, and cleans up what a crash left behind.
 */
export class ContainerSupervisor implements UtilityContainers {
  private readonly ops = new Map<string, TrackedOp>();
  private readonly monitor: EngineMonitor;
  private readonly logLimits: JobLogLimits;
  private readonly log: Logger;
  private readonly scope: Record<string, string>;
  private readonly networks: JobNetworks;

  constructor(private readonly deps: SupervisorDeps) {
    this.log = deps.logger.child({ component: 'containers' });
    this.logLimits = deps.logLimits ?? DEFAULT_JOB_LOG_LIMITS;
    this.scope = hostLabels(deps.hostId);
    this.networks = new JobNetworks(deps.engine, this.scope);
    this.monitor = new EngineMonitor(
      deps.engine,
      this.scope,
      (status) => deps.onEvent({ type: 'engine', status }),
      (event) => this.onEngineEvent(event),
      this.log,
    );
  }

  /** Connects to the engine (and keeps reconnecting in the background if it is down). */
  start(): Promise<EngineStatus> {
    return this.monitor.connect();
  }

  engineStatus(): EngineStatus {
    return this.monitor.status;
  }

  /** Tries to reach the engine now instead of waiting for the next retry. */
  reconnect(): Promise<EngineStatus> {
    return this.monitor.connect();
  }

  /** Disk used by GridHost's images, against the budget in settings. */
  cacheUsage(): Promise<CacheUsage> {
    return this.guard(this.deps.imageCache.usage());
  }

  /** Stops watching the engine. Running containers are left to `stop` or the next `reconcile`. */
  close(): void {
    this.monitor.close();
  }

  /** The image, pulled when the engine does not have it (with the registry policy and the job's credentials). */
  private async ensureImage(reference: string, auth?: RegistryAuth): Promise<PulledImage> {
    const ref = parseImageReference(reference);
    const present = await this.guard(this.deps.engine.inspectImage(ref.canonical));
    if (!present) return this.pull(ref.canonical, auth);
    await this.deps.imageCache.touch(present.id, ref.canonical);
    return { reference: ref.canonical, imageId: present.id, digest: digestOf(present.repoDigests, ref.repository), sizeBytes: present.sizeBytes };
  }

  /** The ops this supervisor is running now. */
  running(): RunningOp[] {
    return [...this.ops.values()].map((t) => t.run);
  }

  /**
   * Pulls an image, publishing one progress figure for all its layers. A registry on this computer or the local
   * network is refused first, unless the owner allowed it (`containers.allowedRegistries`). Credentials are used
   * for this pull only. In-band errors of the progress stream become ContainerErrors like HTTP errors do.
   */
  async pull(reference: string, auth?: RegistryAuth): Promise<PulledImage> {
    const ref = parseImageReference(reference);
    await checkRegistry(ref, this.deps.settings().allowedRegistries, this.deps.registryResolver).catch((err: unknown) => {
      this.log.warn('image pull refused', { image: ref.canonical, reason: (err as Error).message });
      throw err;
    });
    const tracker = new PullProgressTracker();
    const interval = this.deps.pullProgressIntervalMs ?? 200;
    let lastSent = -Infinity;
    const started = this.deps.clock.now();
    await this.guard(
      this.deps.engine.pull(ref.canonical, auth ?? null, (message) => {
        if (!tracker.apply(message)) return;
        const now = this.deps.clock.now();
        if (now - lastSent < interval) return;
        lastSent = now;
        this.deps.onEvent({ type: 'pull', reference: ref.canonical, progress: tracker.snapshot() });
      }),
    );
    if (tracker.error) throw pullError(ref.canonical, tracker.error);
    const image = await this.guard(this.deps.engine.inspectImage(ref.canonical));
    if (!image) {
      throw new ContainerError('pull_failed', `The pull of "${ref.canonical}" ended but the image is not there.`, 'Try again; if it keeps failing, export a support bundle.');
    }
    const final = tracker.snapshot();
    this.deps.onEvent({ type: 'pull', reference: ref.canonical, progress: { ...final, percent: 100 } });
    const digest = tracker.digest ?? digestOf(image.repoDigests, ref.repository);
    this.log.info('image pulled', { image: ref.canonical, digest, ms: this.deps.clock.now() - started });
    await this.deps.imageCache.touch(image.id, ref.canonical);
    await this.deps.imageCache.enforce().catch((err: unknown) => this.log.warn('image cache trim failed', { reason: String(err) }));
    return { reference: ref.canonical, imageId: image.id, digest, sizeBytes: image.sizeBytes };
  }

  /**
   * Runs one op of a job in a hardened container. `input` is the job's container request, validated here
   * (a hostile definition is refused with `invalid_spec` or `forbidden` before anything is created). The
   * image is pulled when the engine does not have it.
   */
  async run(input: unknown): Promise<RunningOp> {
    const spec = parseJobContainerSpec(input);
    const key = opKey(spec.jobId, spec.opId);
    if (this.ops.has(key)) {
      throw new ContainerError('invalid_spec', `Op "${spec.opId}" of job "${spec.jobId}" is already running.`, 'Stop it before running it again.');
    }
    const ref = parseImageReference(spec.image);
    const engine = this.deps.engine;
    await this.guard(checkVolumesOwned(engine, this.scope, spec.volumes, spec.jobId));
    const image = await this.ensureImage(ref.canonical, spec.registryAuth);
    const proxyImage = spec.expose.length > 0 ? await this.ensureImage(this.deps.portProxyImage ?? PORT_PROXY_IMAGE) : null;

    const name = containerName(spec.jobId, spec.opId);
    // Same op, same name: a leftover of a crash is ours to replace.
    await this.guard(engine.removeContainer(name));
    if (spec.expose.length > 0) await this.guard(removePortPublishing(engine, spec.jobId, spec.opId));
    // The job's network outlives the op (the job's other ops are on it): the job's run removes it.
    const network: JobNetworkRef | null = joinsJobNetwork(spec) ? await this.guard(this.networks.ensure(spec.jobId)) : null;
    const labels = ownershipLabels(this.deps.hostId, spec.jobId, spec.opId);
    const settings = this.deps.settings();
    const plan = { network: network && { name: network.name, aliases: networkAliases(spec) }, labels: { ...labels, [LABEL_IMAGE]: ref.canonical } };
    const body = hardenedCreateBody(spec, image.imageId, settings, plan);
    const dropped = droppedRuntimeVariables(spec.env);
    if (dropped.length > 0) this.log.warn('runtime variables dropped from the job environment', { job: spec.jobId, op: spec.opId, names: dropped });

    let containerId: string | null = null;
    let ports: PortPublishing | null = null;
    let logs: JobLogStream | null = null;
    let output: Promise<void>;
    const t0 = this.deps.clock.now();
    try {
      containerId = await this.guard(engine.createContainer(name, body));
      const file = await this.deps.logFiles.open(spec.jobId, spec.opId);
      logs = new JobLogStream(spec.jobId, spec.opId, file, (batch) => this.deps.onEvent({ type: 'log', batch }), this.logLimits);
      // Attached before start, so the first line of output is not missed.
      const attached = await this.guard(engine.attachOutput(containerId, logs.consume));
      output = attached.ended.catch((err: unknown) =>
        this.log.warn('output stream ended with an error', { job: spec.jobId, op: spec.opId, reason: String(err) }),
      );
      await this.guard(engine.startContainer(containerId));
      if (network && proxyImage) {
        ports = await this.guard(publishPorts(engine, { ...spec, containerId, jobNetwork: network, ports: spec.expose, image: proxyImage.imageId, labels }));
      }
    } catch (err) {
      // Nothing half-made of the op stays behind: its container and its log file go with the failure.
      await logs?.close().catch(() => undefined);
      if (containerId) await engine.removeContainer(containerId).catch(() => undefined);
      throw err;
    }
    const startLatencyMs = this.deps.clock.now() - t0;
    const hostPorts = ports?.hostPorts ?? {};

    let settle!: (v: { exitCode: number; oomKilled: boolean }) => void;
    const exited = new Promise<{ exitCode: number; oomKilled: boolean }>((resolve) => (settle = resolve));
    const finished = engine
      .waitContainer(containerId)
      .then(async (exitCode) => {
        const after = await engine.inspectContainer(containerId).catch(() => null);
        await output;
        await logs.close();
        const result = { exitCode: after?.exitCode ?? exitCode, oomKilled: after?.oomKilled ?? false };
        this.deps.onEvent({ type: 'exit', jobId: spec.jobId, opId: spec.opId, containerId, ...result, ranMs: this.deps.clock.now() - t0 });
        this.log.info('container exited', { job: spec.jobId, op: spec.opId, ...result });
        settle(result);
      })
      .catch(async (err: unknown) => {
        // The engine went away mid-run: the exit is unknown; report it as a failure rather than hang.
        await logs.close().catch(() => undefined);
        this.log.warn('lost track of a container', { job: spec.jobId, op: spec.opId, reason: String(err) });
        settle({ exitCode: -1, oomKilled: false });
      });

    const run: RunningOp = { jobId: spec.jobId, opId: spec.opId, containerId, name, image, hostPorts, startLatencyMs, exited };
    this.ops.set(key, { run, logs, ports, finished });
    this.deps.onEvent({ type: 'started', jobId: spec.jobId, opId: spec.opId, containerId, hostPorts });
    this.log.info('container started', {
      job: spec.jobId,
      op: spec.opId,
      image: ref.canonical,
      digest: image.digest,
      memoryMiB: settings.memoryMiB,
      gpus: spec.gpus === 'none' ? 'none' : spec.gpus === 'all' ? 'all' : spec.gpus.length,
      startLatencyMs,
    });
    return run;
  }

  /**
   * Runs one short utility container (the GPU probe, the GPU benchmark) to completion: see `utility-runner.ts`.
   */
  runUtility(options: UtilityRunOptions): Promise<UtilityRunResult> {
    return runUtilityContainer(this.deps.engine, options);
  }

  /** The most recent output lines of a running (or just finished) op, from the in-memory ring. */
  logs(jobId: string, opId: string, maxLines = 500): LogLine[] {
    return this.ops.get(opKey(jobId, opId))?.logs.ring.tail(maxLines) ?? [];
  }

  /**
   * Stops an op: SIGTERM, then SIGKILL once the grace period is over (`graceMs`, else the settings'; Auto
   * sharing gives the GPU back with 1 s); resolves when the container and its port proxy are gone, with how long
   * that took. The job's network stays for the job's other ops: `removeJobNetwork` removes it.
   */
  async stop(jobId: string, opId: string, options: { graceMs?: number } = {}): Promise<StopReport> {
    const key = opKey(jobId, opId);
    const tracked = this.ops.get(key);
    const id = tracked?.run.containerId ?? containerName(jobId, opId);
    const report = await this.stopAndRemove(id, options.graceMs);
    if (tracked) {
      await tracked.finished;
      if (tracked.ports) await this.guard(removePortPublishing(this.deps.engine, jobId, opId));
      this.ops.delete(key);
    }
    this.log.info('container stopped', { job: jobId, op: opId, ...report });
    return report;
  }

  /** A job's `container/create-volume` volume (labelled with the job: reconcile removes a leftover), and its removal. */
  createJobVolume = (jobId: string, name: string): Promise<void> => this.guard(this.deps.engine.createVolume(name, { ...this.scope, [LABEL_JOB]: jobId }));
  removeJobVolume = (name: string): Promise<void> => this.guard(this.deps.engine.removeVolume(name));
  /** Removes a job's network once its ops are gone (`job-network.ts`; gone already is fine). */
  removeJobNetwork = (jobId: string): Promise<void> => this.guard(this.networks.remove(jobId));

  /**
   * Removes what a previous run left behind: every container, volume and private network labelled as this
   * installation's whose job is not in `liveJobIds` (and not running here) is stopped and removed.
   */
  async reconcile(liveJobIds: Iterable<string>): Promise<ReconcileReport> {
    const live = new Set(liveJobIds);
    for (const t of this.ops.values()) live.add(t.run.jobId);
    const orphan = (labels: Record<string, string>) => !live.has(labels[LABEL_JOB] ?? '');
    const engine = this.deps.engine;
    const report: ReconcileReport = { containers: [], volumes: [], networks: [] };

    const containers = (await this.guard(engine.listContainers(this.scope))).filter((c) => orphan(c.labels));
    await Promise.all(
      containers.map(async (c) => {
        await this.stopAndRemove(c.id);
        report.containers.push(c.name);
      }),
    );
    for (const volume of await this.guard(engine.listVolumes(this.scope))) {
      if (!orphan(volume.labels)) continue;
      await this.guard(engine.removeVolume(volume.name));
      report.volumes.push(volume.name);
    }
    for (const network of await this.guard(engine.listNetworks(this.scope))) {
      if (!orphan(network.labels)) continue;
      await this.guard(engine.removeNetwork(network.id));
      report.networks.push(network.name);
    }
    if (report.containers.length + report.volumes.length + report.networks.length > 0) {
      this.log.info('reconciled leftovers', { ...report });
    }
    return report;
  }

  /**
   * `gridhost cleanup` (run by the uninstallers): every container, volume and private network labelled as this
   * installation's, then its images. Only with no host running (the command holds the data folder).
   */
  async removeInstallation(): Promise<ReconcileReport & { images: string[] }> {
    const report = await this.reconcile([]);
    const images = await this.guard(this.deps.imageCache.removeAll());
    this.log.info('removed this installation from the container engine', { ...report, images });
    return { ...report, images };
  }

  private async stopAndRemove(id: string, graceMs = this.deps.settings().stopGraceSeconds * 1000): Promise<StopReport> {
    const engine = this.deps.engine;
    const t0 = this.deps.clock.now();
    const before = await this.guard(engine.inspectContainer(id));
    if (!before) return { durationMs: 0, killed: false, exitCode: null, alreadyGone: true };
    let killed = false;
    let exitCode: number | null = before.exitCode;
    if (before.running) {
      const sent = this.deps.clock.now();
      await this.guard(engine.killContainer(id, 'SIGTERM'));
      const waited = engine.waitContainer(id);
      // The grace counts from the signal sent, not from the engine's answer.
      const inGrace = await withTimeout(waited, Math.max(0, graceMs - (this.deps.clock.now() - sent)));
      if (inGrace.done) exitCode = inGrace.value;
      else {
        // Past the grace, one forced removal sends SIGKILL and removes: a round trip sooner than kill, then remove.
        killed = true;
        await this.guard(engine.removeContainer(id));
        const exited = await withTimeout(waited.catch(() => 137), 1000);
        exitCode = exited.done ? exited.value : 137;
        return { durationMs: this.deps.clock.now() - t0, killed, exitCode, alreadyGone: false };
      }
    }
    await this.guard(engine.removeContainer(id));
    return { durationMs: this.deps.clock.now() - t0, killed, exitCode, alreadyGone: false };
  }

  private onEngineEvent(event: EngineContainerEvent): void {
    // A port proxy's start and exit are not its op's.
    if (event.labels[LABEL_ROLE] === PORT_PROXY_ROLE) return;
    const jobId = event.labels[LABEL_JOB] ?? '';
    const opId = event.labels[LABEL_OP] ?? '';
    if (event.action === 'oom') {
      this.log.warn('container ran out of memory', { job: jobId, op: opId });
      this.deps.onEvent({ type: 'oom', jobId, opId, containerId: event.containerId });
    } else if (event.action === 'die') {
      this.deps.onEvent({ type: 'die', jobId, opId, containerId: event.containerId, exitCode: event.exitCode });
    }
  }

  /** Runs an engine call; an unreachable engine also makes the monitor re-check (and later reconnect). */
  private async guard<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (err) {
      if (isContainerError(err, 'engine_unavailable')) this.monitor.suspectDown();
      throw err;
    }
  }
}

function digestOf(repoDigests: string[], repository: string): string | null {
  const match = repoDigests.find((d) => d.startsWith(`${repository}@`)) ?? repoDigests[0];
  return match?.split('@')[1] ?? null;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ done: false }>((resolve) => (timer = setTimeout(() => resolve({ done: false }), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ done: true as const, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
