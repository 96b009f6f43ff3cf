import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import { arch, availableParallelism, homedir, platform, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { version } from '../../package.json';
import { buildApi, type GridhostApi } from '../shared/api-surface';
import type { AppInfo } from '../shared/contract';
import type { PowerMonitorLike } from './adapters/electron/power-monitor-sources';
import type { DesktopNotifier } from './core/sharing/sharing-notifications';
import { hostPhase, isSharingPhase } from '../shared/host-state';
import { defaultSettings, type Settings } from '../shared/settings';
import { SafeStorageProtector, type SafeStorageLike } from './adapters/electron/safe-storage-protector';
import { JsonFileStore } from './adapters/fs/json-file-store';
import { FsKeyFileAccess } from './adapters/fs/key-file-access';
import { describeSystem } from './adapters/os/system-description';
import { DnsHostResolver } from './adapters/dns/dns-host-resolver';
import { DockerModelVolumes } from './adapters/docker/docker-model-volumes';
import { FsModelStore } from './adapters/fs/model-store';
import { createResourceHttp } from './adapters/http/resource-http';
import { ModelCache } from './core/resources/model-cache';
import { SourceClient } from './core/resources/source-client';
import { DockerEngine } from './adapters/docker/docker-engine';
import { DockerImageBuilder } from './adapters/docker/docker-image-builder';
import { NvidiaSmiPowerSource } from './adapters/nvidia-smi/nvidia-smi-power-source';
import { NvidiaSmiProcess } from './adapters/nvidia-smi/nvidia-smi-process';
import { readContainerToolkitVersion } from './adapters/nvidia-smi/container-toolkit-version';
import { NodeMachineMeasurements } from './adapters/systeminformation/node-machine-measurements';
import { SysinfoSystemProbe } from './adapters/systeminformation/system-probe';
import { WindowsPlatformFacts } from './adapters/systeminformation/windows-platform-probe';
import { BenchmarkHistory } from './core/benchmark/benchmark-history';
import { BenchmarkService } from './core/benchmark/benchmark-service';
import { HttpSpeedTestClient } from './adapters/http/http-speed-test-client';
import { publishContainerEvent } from './core/containers/container-events';
import { BENCHMARK_IMAGE_REPOSITORY, hostIdOf } from './core/containers/container-names';
import { LoopbackServiceDialer } from './adapters/http/local-service-dialer';
import { GridRelayTunnelOpener } from './adapters/ws/grid-relay-tunnel';
import { SERVICE_RELAY_OPTIONS, ServiceRelay } from './core/relay/job-services';
import { ContainerSupervisor } from './core/containers/container-supervisor';
import type { ContainerSettings } from './core/containers/hardened-config';
import { JobEnergyMeter } from './core/earnings/job-energy-meter';
import { ImageCache } from './core/containers/image-cache';
import { jobMemoryMiB } from './core/containers/memory-limit';
import { PORT_PROXY_IMAGE } from './core/containers/port-proxy';
import { EngineRuntimeProbe } from './core/gpu/container-runtime-probe';
import { GpuLiveSampler } from './core/gpu/gpu-live-sampler';
import { DetectionService } from './core/gpu/detection-service';
import type { HardwareServices } from './core/gpu/hardware-services';
import { openHostStores } from './adapters/sqlite/host-stores';
import { buildOwnerApi, ownerDispatcher, type OwnerApi } from './core/api/owner-requests';
import { settingsSharingIntent } from './core/settings/sharing-intent';
import { startControlServer, type ControlServer } from './control/control-server';
import { dataDirOf, holdClaim, type HeldClaim } from './data-folder-claim';
import { ApiDispatcher } from './core/api/dispatcher';
import { createApiHandlers } from './core/api/handlers';
import { enrollmentEvidence } from './core/grid/enrollment-evidence';
import { createGridParts } from './core/grid/grid-parts';
import { EventBus } from './core/host/event-bus';
import { HostLoop } from './core/host/host-loop';
import type { HostServices } from './core/host/host-services';
import { inProcessTransport } from './core/api/in-process-transport';
import { FileLogFolder } from './adapters/logs/log-folder';
import { RotatingJobLogFiles } from './adapters/logs/rotating-job-log-files';
import { RotatingFileSink } from './adapters/logs/rotating-file-sink';
import { ZipBundleReader } from './adapters/logs/zip-bundle-reader';
import { ZipBundleWriter } from './adapters/logs/zip-bundle-writer';
import { LogsService } from './core/logs/logs-service';
import type { BundleFilePicker } from './core/logs/ports';
import { Redactor } from './core/logs/redactor';
import { StructuredLogger } from './core/logs/structured-logger';
import { urlLabel, urlSecrets } from './core/logs/url-secrets';
import { systemClock, type EventSink, type Logger } from './core/ports';
import { SettingsService } from './core/settings/settings-service';
import { RpcBalanceSource } from './adapters/solana/rpc-balance-source';
import { FilePermissionProtector } from './core/wallet/file-permission-protector';
import { NodeKeystore } from './core/wallet/node-keystore';
import { PassphraseProtector } from './core/wallet/passphrase-protector';
import type { KeyProtector } from './core/wallet/ports';
import { WalletService } from './core/wallet/wallet-service';
import { createSharing } from './sharing-composition';

/** Where support bundles are saved, inside the data folder. */
export const SUPPORT_BUNDLES_FOLDER = 'support';

export interface HostRuntimeOptions {
  mode: AppInfo['mode'];
  env?: NodeJS.ProcessEnv;
  /** Overrides the data folder (otherwise GRIDHOST_HOME or the platform's app-data folder). */
  dataDir?: string;
  logger?: Logger;
  /** Electron's safeStorage (desktop only): seals the node key with the OS keyring. */
  safeStorage?: SafeStorageLike;
  /** The desktop app's open-file dialog, for a support bundle the owner picks (desktop only). */
  pickBundleFile?: BundleFilePicker;
  /**
   * Asks the owner for the node key's passphrase (the desktop's dialog, the CLI's hidden prompt at a terminal)
   * when GRIDHOST_KEY_PASSPHRASE does not give it; '' when the owner cancels.
   */
  askPassphrase?: () => Promise<string>;
  /**
   * The data folder's lock, taken by `claimDataFolder` (the desktop app, a headless host, a command that opens
   * the data folder itself): released when the runtime closes, or when the process exits.
   */
  claim?: HeldClaim;
  /** Electron's powerMonitor (desktop only): input idle, screen lock and battery for the sharing rules. */
  powerMonitor?: PowerMonitorLike;
  /** OS notifications (desktop only): sharing started or stopped, when `sharing.notifications` is on. */
  notifier?: DesktopNotifier;
}


export interface HostRuntime {
  /** Every service, for the shells and the commands that need one directly (the key, the headless server). */
  services: HostServices;
  dispatcher: ApiDispatcher;
  /** The API contract in this process: the CLI's commands are typed calls through it. */
  api: GridhostApi;
  /** The owner's requests (the node key, a bundle to a chosen path) in this process; never reachable by a page. */
  owner: OwnerApi;
  logger: Logger;
  /**
   * Opens the local control channel (src/main/control/) so that `gridhost` commands run while this host runs
   * reach it; closed with the runtime.
   */
  serveControl(): Promise<void>;
  /** Records the dashboard's address (no token) in the data folder's lock, for a second host's refusal. */
  setDashboardUrl(url: string): Promise<void>;
  /** Loads the settings and applies the log settings (the CLI's commands need no more). */
  load(): Promise<void>;
  /** Loads, then runs the host loop's preflight. */
  start(): Promise<void>;
  /** Stops the host (quits a job in flight) and flushes the log. */
  close(): Promise<void>;
}

/** Builds the adapters and the host's services. The desktop shell, the headless server and the CLI all start here. */
export function createHostRuntime(options: HostRuntimeOptions): HostRuntime {
  const env = options.env ?? process.env;
  const dataDir = options.claim?.dataDir ?? dataDirOf(options);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logs = createLogs(dataDir, options.pickBundleFile);
  const logger = options.logger ?? logs.logger;
  // The one way events leave the host: made first, handed to every service that publishes.
  const events = new EventBus(logger.child({ component: 'events' }));
  const settings = new SettingsService(new JsonFileStore(join(dataDir, 'settings.json')), logger.child({ component: 'settings' }), events);
  // The host's own records (ledger and job history, the job in flight, enrollment, the outbox) in gridhost.sqlite.
  const stores = openHostStores(dataDir, logger);

  const appInfo: AppInfo = {
    name: 'GridHost',
    version,
    mode: options.mode,
    platform: platform(),
    arch: arch(),
    nodeVersion: process.versions.node,
    dataDir,
    notices: stores.recovered
      ? [
          `GridHost's database was damaged and has been moved aside to ${stores.recovered.movedTo}. A new one was made; ` +
            'jobs and earnings are filled again from the grid. Send a support bundle if this happens again.',
        ]
      : [],
  };

  // One engine connection (DOCKER_HOST or the platform default) for the supervisor, the GPU probe and the benchmark.
  const engine = new DockerEngine({ env, platform: platform(), homedir: homedir() });
  const containers = createContainers(dataDir, env, engine, logger, settings, events);
  const hardware = createHardware(dataDir, env, engine, containers, logger, settings, events);
  const keystore = createKeystore({
    dataDir,
    env,
    safeStorage: options.safeStorage,
    // Asked only when a key sealed with a passphrase is opened; the answer is erased from every log line.
    askPassphrase: async () => {
      const passphrase = env.GRIDHOST_KEY_PASSPHRASE ?? (await options.askPassphrase?.()) ?? '';
      if (passphrase) logs.rememberSecret(passphrase);
      return passphrase;
    },
    allowBasicText: () => env.GRIDHOST_ALLOW_BASIC_TEXT_KEYRING === '1' || settings.get().wallet.allowBasicTextKeyring,
    logger,
  });
  const grid = createGridParts({
    url: () => settings.get().grid.url,
    openSigner: () => wallet.openIdentity(),
    evidence: enrollmentEvidence(hardware.detection, hardware.benchmark),
    stores: { ledger: stores.ledger, enrollment: stores.enrollment, availability: stores.availability },
    prices: () => settings.get().earnings,
    market: () => host.getStatus().market,
    rebuildLedger: stores.recovered !== null,
    events,
    clock: systemClock,
    logger,
    fetch: globalThis.fetch,
  });
  const wallet = new WalletService({
    keystore,
    balances: (endpoint) => new RpcBalanceSource(endpoint),
    earnings: grid.ledger,
    settings: {
      read: () => ({ ...settings.get().wallet, nosMint: null }),
      writePayoutAddress: async (payoutAddress) => void (await settings.update({ wallet: { payoutAddress } })),
    },
    logger,
  });
  // The model cache of jobs' HF and S3 resources: files in the data folder's models/, mounted through labelled volumes.
  const modelCache = new ModelCache({
    store: new FsModelStore(join(dataDir, 'models')),
    volumes: new DockerModelVolumes(engine, hostIdOf(dataDir)),
    sources: new SourceClient(createResourceHttp(), new DnsHostResolver(), () => settings.get().resources),
    events,
    clock: systemClock,
    logger,
    budgetBytes: () => settings.get().resources.cacheGiB * 1024 ** 3,
  });
  // Exposed services served through the grid's relay, with their health checks.
  const serviceRelay = new ServiceRelay(new GridRelayTunnelOpener(() => settings.get().grid.url, () => wallet.openIdentity()), new LoopbackServiceDialer(), logger.child({ component: 'relay' }), SERVICE_RELAY_OPTIONS);
  const host = new HostLoop({
    events,
    resources: modelCache,
    grid: grid.connection,
    services: serviceRelay,
    enrollment: grid.enrollment,
    ledger: grid.ledger,
    runner: containers,
    gpuVram: async () => {
      const report = hardware.detection.lastReport() ?? (await hardware.detection.detect());
      return report.gpus.length === 0 ? null : Math.max(...report.gpus.map((g) => g.vramMiB));
    },
    runState: stores.runInFlight,
    // The grid's unacknowledged run ends (finish, quit, fail), kept across restarts.
    outbox: stores.outbox,
    sharing: settingsSharingIntent(settings, options.mode),
    clock: systemClock,
    logger,
  });
  // The GPU's power sampled during each job: its energy in the ledger (net of electricity, an estimate).
  const energyMeter = new JobEnergyMeter(new NvidiaSmiPowerSource(new NvidiaSmiProcess({ host: { env } })), stores.ledger, systemClock, logger);
  events.on('jobs.changed', (jobs) => energyMeter.onJobs(jobs));
  // When the host is available for jobs (queued or running one): the earnings projection's basis.
  events.on('host.state', (status) => stores.availability.record(systemClock.now(), isSharingPhase(hostPhase(status.state))));
  // The keystore passphrase is erased from any log line that would carry it.
  if (env.GRIDHOST_KEY_PASSPHRASE) logs.rememberSecret(env.GRIDHOST_KEY_PASSPHRASE);
  // Log level and size, and a key in the grid's URL or a custom RPC URL kept out of every log line.
  const applySettings = (current: Settings) => {
    logs.applySettings(current.logs);
    for (const url of [current.grid.url, current.wallet.customRpcUrl]) for (const secret of url ? urlSecrets(url) : []) logs.rememberSecret(secret);
  };
  events.on('settings.changed', applySettings);
  // The node identity is opened (or made, on first run) before anything signs with it.
  host.addPreflightStep(async () => {
    applySettings(settings.get());
    // The redactor must know the exact key to erase it in every encoding, even where no shape rule would see it.
    logs.rememberKeypair(await wallet.openIdentity());
  });
  // Reach the container engine and clear what a previous run left behind. When the engine is down the
  // readiness checks say so, and the supervisor reconnects by itself.
  host.addPreflightStep(async () => {
    if ((await containers.start()).state !== 'up') return;
    await containers.reconcile([]).catch((err: unknown) => logger.warn('could not clear leftover containers', { reason: String(err) }));
  });
  host.addStopHook(async () => {
    await Promise.all(containers.running().map((op) => containers.stop(op.jobId, op.opId)));
    containers.close();
  });

  const gpuSmi = new NvidiaSmiProcess({ host: { env } });
  // The sharing controller starts and stops the loop (Auto's rules, Always, Never); started with the host.
  const sharing = createSharing({ appMode: options.mode, env, nvidiaSmi: gpuSmi, powerMonitor: options.powerMonitor, notifier: options.notifier, settings, host, engine, hostId: hostIdOf(dataDir), events, logger });
  host.addStopHook(async () => sharing.controller.close());

  const services: HostServices = { appInfo, events, settings, host, grid, hardware, wallet, logs, containers, sharing: sharing.service, gpuLive: new GpuLiveSampler(gpuSmi, systemClock), relay: serviceRelay };
  const dispatcher = new ApiDispatcher(createApiHandlers(services), logger.child({ component: 'api' }));
  const owner = ownerDispatcher(services, logger.child({ component: 'api' }));
  const load = async () => applySettings(await settings.load());
  const held = holdClaim(options.claim, logger);
  let control: ControlServer | null = null;
  let started: Promise<void> | null = null;
  return {
    services,
    dispatcher,
    api: buildApi(inProcessTransport(dispatcher, events)),
    owner: buildOwnerApi((method, params) => owner.dispatch(method, params)),
    logger,
    load,
    async serveControl() {
      if (control) return;
      control = await startControlServer({ dataDir, api: dispatcher, owner, events, logger });
      logs.rememberSecret(control.token);
      held.onExit(() => control?.closeNow());
    },
    setDashboardUrl: (url) => held.lock?.setDashboardUrl(url) ?? Promise.resolve(),
    start() {
      started ??= (async () => {
        await load();
        logger.info('host starting', { version: appInfo.version, mode: appInfo.mode });
        await host.start();
        sharing.service.start();
      })();
      return started;
    },
    async close() {
      await host.stop();
      await control?.close();
      stores.close();
      await held.release();
      await logs.close();
    },
  };
}

/** The GPU benchmark image, built from assets/benchmark (`docker build -t gridhost/benchmark:1 assets/benchmark`). */
export const GPU_BENCHMARK_IMAGE = `${BENCHMARK_IMAGE_REPOSITORY}:1`;
/** A small CUDA image for the readiness probe: the NVIDIA runtime mounts nvidia-smi into it. Both images can be
 * replaced with GRIDHOST_GPU_PROBE_IMAGE / GRIDHOST_GPU_BENCHMARK_IMAGE (a mirror, or a stand-in in tests). */
export const GPU_PROBE_IMAGE = 'nvidia/cuda:12.4.1-base-ubuntu22.04';

/**
 * The GPU benchmark's sources (Dockerfile and CUDA program): in the packaged app's resources, or in the
 * project folder (out/main -> assets/benchmark). Null when neither is there: the image must then be fetched.
 */
function benchmarkSources(env: NodeJS.ProcessEnv): { builder: DockerImageBuilder; folder: string } | null {
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [resources && join(resources, 'benchmark'), join(__dirname, '..', '..', 'assets', 'benchmark'), join(__dirname, '..', '..', '..', 'assets', 'benchmark')];
  const folder = candidates.find((dir): dir is string => typeof dir === 'string' && existsSync(join(dir, 'Dockerfile')));
  return folder ? { builder: new DockerImageBuilder({ env }), folder } : null;
}

/** Per-op log files: the newest 64 MiB of each container's output. */
const JOB_LOG_FILE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The container supervisor over the engine, with job log files under `<data>/logs/jobs` and the image cache
 * record in the data folder; its events go to the bus. GRIDHOST_PORT_PROXY_IMAGE replaces the ports' proxy image
 * (busybox; a mirror, or a local image where Docker Hub cannot be reached).
 */
function createContainers(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  engine: DockerEngine,
  logger: Logger,
  settingsService: SettingsService,
  events: EventSink,
): ContainerSupervisor {
  // Read at each use, so a settings change applies to the next container. The engine refuses a CPU limit above
  // the machine's cores (the default of 4 on a 2-core laptop, say); the memory limit follows the machine's RAM.
  const settings = (): ContainerSettings => {
    const containers = settingsService.get().containers;
    return {
      ...containers,
      cpus: Math.min(containers.cpus, availableParallelism()),
      memoryMiB: jobMemoryMiB(containers.memoryMiB, Math.floor(totalmem() / 1024 / 1024)),
    };
  };
  return new ContainerSupervisor({
    engine,
    hostId: hostIdOf(dataDir),
    logFiles: new RotatingJobLogFiles(join(dataDir, 'logs', 'jobs'), JOB_LOG_FILE_MAX_BYTES),
    imageCache: new ImageCache(
      engine,
      engine,
      new JsonFileStore(join(dataDir, 'image-cache.json')),
      () => settings().imageCacheGiB,
      systemClock,
      logger.child({ component: 'containers' }),
    ),
    settings,
    logger,
    clock: systemClock,
    onEvent: (event) => publishContainerEvent(events, event),
    registryResolver: new DnsHostResolver(),
    portProxyImage: env.GRIDHOST_PORT_PROXY_IMAGE || PORT_PROXY_IMAGE,
  });
}

/** GPU detection with its readiness checks, and the benchmark, over their adapters; their containers run through the supervisor. */
function createHardware(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  engine: DockerEngine,
  containers: ContainerSupervisor,
  logger: Logger,
  settings: SettingsService,
  events: EventSink,
): HardwareServices {
  const nvidiaSmi = new NvidiaSmiProcess({ host: { env } });
  const detection = new DetectionService({
    nvidiaSmi,
    system: new SysinfoSystemProbe(),
    containers: new EngineRuntimeProbe(engine, containers, {
      probeImage: env.GRIDHOST_GPU_PROBE_IMAGE || GPU_PROBE_IMAGE,
      toolkitVersion: () => readContainerToolkitVersion(env),
    }),
    windows: platform() === 'win32' ? new WindowsPlatformFacts() : null,
    platform: platform(),
    dataDir,
    clock: systemClock,
    events,
  });
  const benchmark = new BenchmarkService({
    measurements: new NodeMachineMeasurements(),
    speedTest: () => {
      const gridUrl = settings.get().grid.url;
      // The result and its messages name the grid by its host only: the URL may carry a key.
      return { gridUrl: urlLabel(gridUrl, 'the configured grid address'), client: new HttpSpeedTestClient(gridUrl) };
    },
    engine,
    containers,
    gpuImage: env.GRIDHOST_GPU_BENCHMARK_IMAGE || GPU_BENCHMARK_IMAGE,
    gpuImageSource: benchmarkSources(env),
    nvidiaSmi,
    history: new BenchmarkHistory(new JsonFileStore(join(dataDir, 'benchmarks.json')), logger.child({ component: 'benchmark' })),
    dataDir,
    clock: systemClock,
    logger: logger.child({ component: 'benchmark' }),
    events,
  });
  return { detection, benchmark };
}

/**
 * The node key's store. Desktop seals a new key with the OS keyring; headless and the CLI with the passphrase
 * in GRIDHOST_KEY_PASSPHRASE, or with file permissions alone when none is set. Each can open a key sealed by
 * the others where it has what is needed.
 */
function createKeystore(parts: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  safeStorage: SafeStorageLike | undefined;
  askPassphrase: () => Promise<string>;
  allowBasicText: () => boolean;
  logger: Logger;
}): NodeKeystore {
  const { dataDir, env, safeStorage, logger } = parts;
  const passphrase = new PassphraseProtector(parts.askPassphrase);
  const filePermissions = new FilePermissionProtector();
  const headless: [KeyProtector, ...KeyProtector[]] = env.GRIDHOST_KEY_PASSPHRASE
    ? [passphrase, filePermissions]
    : [filePermissions, passphrase];
  const protectors: [KeyProtector, ...KeyProtector[]] = safeStorage
    ? [
        new SafeStorageProtector(safeStorage, {
          platform: platform(),
          // The owner's explicit agreement to a keyring-less Linux desktop: the setting
          // wallet.allowBasicTextKeyring, or GRIDHOST_ALLOW_BASIC_TEXT_KEYRING=1 as an override (docs/wallet.md).
          allowBasicText: parts.allowBasicText,
        }),
        ...headless,
      ]
    : headless;
  return new NodeKeystore({
    path: join(dataDir, 'node-key.json'),
    files: new FsKeyFileAccess(),
    protectors,
    logger,
  });
}

/**
 * The main log (`<dataDir>/logs/gridhost.log`, rotated), redacted as it is written, and the support bundles
 * (`<dataDir>/support/`). Rotation and level start from the defaults and follow settings.logs once loaded.
 */
function createLogs(dataDir: string, pickBundleFile: BundleFilePicker | undefined): LogsService {
  const logsDir = join(dataDir, 'logs');
  const limits = defaultSettings().logs;
  const redactor = new Redactor();
  const sink = new RotatingFileSink({
    dir: logsDir,
    maxFileBytes: limits.maxFileMiB * 1024 * 1024,
    maxFiles: limits.maxFiles,
    onWriteError: (err) => process.stderr.write(`GridHost cannot write its log in ${logsDir}: ${err.message}\n`),
  });
  return new LogsService({
    logger: StructuredLogger.create({ sink, redactor, clock: systemClock, level: limits.level }),
    sink,
    redactor,
    folder: new FileLogFolder(logsDir),
    clock: systemClock,
    bundlesDir: join(dataDir, SUPPORT_BUNDLES_FOLDER),
    openBundleWriter: async (path) => {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return new ZipBundleWriter(path);
    },
    openBundleReader: (path) => ZipBundleReader.open(path),
    realPath: (path) => realpath(path).catch(() => null),
    ...(pickBundleFile ? { pickBundleFile } : {}),
    describeSystem,
  });
}
