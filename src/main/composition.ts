import { existsSync, mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { arch, availableParallelism, homedir, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { version } from '../../package.json';
import type { AppInfo, EventData } from '../shared/contract';
import { defaultSettings, type Settings } from '../shared/settings';
import { SafeStorageProtector, type SafeStorageLike } from './adapters/electron/safe-storage-protector';
import { JsonFileStore } from './adapters/fs/json-file-store';
import { FsKeyFileAccess } from './adapters/fs/key-file-access';
import { describeSystem } from './adapters/os/system-description';
import { createContainerSupervisor } from './adapters/docker/create-container-supervisor';
import { DockerEngine } from './adapters/docker/docker-engine';
import { DockerImageBuilder } from './adapters/docker/docker-image-builder';
import { NvidiaSmiProcess } from './adapters/nvidia-smi/nvidia-smi-process';
import { readContainerToolkitVersion } from './adapters/nvidia-smi/container-toolkit-version';
import { NodeMachineMeasurements } from './adapters/systeminformation/node-machine-measurements';
import { SysinfoSystemProbe } from './adapters/systeminformation/system-probe';
import { WindowsPlatformFacts } from './adapters/systeminformation/windows-platform-probe';
import { BenchmarkHistory } from './core/benchmark/benchmark-history';
import { BenchmarkService } from './core/benchmark/benchmark-service';
import { HttpSpeedTestClient } from './adapters/http/http-speed-test-client';
import { BENCHMARK_IMAGE_REPOSITORY } from './core/containers/container-names';
import { EngineRuntimeProbe } from './core/gpu/container-runtime-probe';
import { DetectionService } from './core/gpu/detection-service';
import type { HardwareServices } from './core/gpu/hardware-services';
import { resolveDataDir } from './adapters/fs/data-folder';
import { ApiDispatcher } from './core/api/dispatcher';
import { createApiHandlers } from './core/api/handlers';
import { enrollmentEvidence } from './core/grid/enrollment-evidence';
import { GridServices } from './core/grid/grid-services';
import { HostCore } from './core/host';
import { FileLogFolder } from './adapters/logs/log-folder';
import { RotatingFileSink } from './adapters/logs/rotating-file-sink';
import { ZipBundleReader } from './adapters/logs/zip-bundle-reader';
import { ZipBundleWriter } from './adapters/logs/zip-bundle-writer';
import { LogsService } from './core/logs/logs-service';
import { Redactor } from './core/logs/redactor';
import { StructuredLogger } from './core/logs/structured-logger';
import { systemClock, type Logger } from './core/ports';
import { SettingsService } from './core/settings/settings-service';
import { RpcBalanceSource } from './adapters/solana/rpc-balance-source';
import { FilePermissionProtector } from './core/wallet/file-permission-protector';
import { NodeKeystore } from './core/wallet/node-keystore';
import { PassphraseProtector } from './core/wallet/passphrase-protector';
import type { EarningsSummarySource, KeyProtector } from './core/wallet/ports';
import { WalletService } from './core/wallet/wallet-service';
import { rpcUrlSecrets } from './core/wallet/cluster';

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
  /** Join the grid queue as soon as the machine is onboarded, without the owner pressing Start (headless rigs). */
  shareOnStart?: boolean;
}

export interface HostRuntime {
  core: HostCore;
  dispatcher: ApiDispatcher;
  logger: Logger;
  /** Stops the host and flushes the log. */
  close(): Promise<void>;
}

/** Builds the adapters and HostCore. The desktop shell, the headless server and the CLI all start here. */
export function createHostRuntime(options: HostRuntimeOptions): HostRuntime {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? resolveDataDir(env, platform(), homedir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logs = createLogs(dataDir);
  const logger = options.logger ?? logs.logger;

  const appInfo: AppInfo = {
    name: 'GridHost',
    version,
    mode: options.mode,
    platform: platform(),
    arch: arch(),
    nodeVersion: process.versions.node,
    dataDir,
  };

  // One engine connection (DOCKER_HOST or the platform default) for the supervisor, the GPU probe and the benchmark.
  const engine = new DockerEngine({ env, platform: platform(), homedir: homedir() });
  const hardware = createHardware(dataDir, env, engine, logger, () => core);
  const evidence = enrollmentEvidence(hardware.detection, hardware.benchmark);
  const containers = createContainerSupervisor({
    dataDir,
    engine,
    logger,
    // The engine refuses a CPU limit above the machine's cores (the default of 4 on a 2-core laptop, say).
    settings: () => {
      const containers = core.settings.get().containers;
      return { ...containers, cpus: Math.min(containers.cpus, availableParallelism()) };
    },
    sink: () => core,
    openDocument: (path) => new JsonFileStore(path),
  });
  const grid = new GridServices({
    url: () => core.settings.get().grid.url,
    openSigner: () => wallet.openIdentity(),
    runner: () => containers,
    evidence: () => evidence,
    openDocument: (name) => new JsonFileStore(join(dataDir, name)),
    clock: systemClock,
    logger,
    fetch: globalThis.fetch,
    loop: { autoQueue: options.shareOnStart ?? false },
  });
  const wallet = createWallet(dataDir, env, options.safeStorage, logger, () => core, grid.ledger);
  // The keystore passphrase is erased from any log line that would carry it.
  if (env.GRIDHOST_KEY_PASSPHRASE) logs.rememberSecret(env.GRIDHOST_KEY_PASSPHRASE);
  const core: HostCore = new HostCore({
    logger,
    clock: systemClock,
    dataDir,
    appInfo,
    wallet,
    grid,
    hardware,
    logs,
    containers,
    createSettings: (sink) => new SettingsService(new JsonFileStore(join(dataDir, 'settings.json')), logger.child({ component: 'settings' }), sink),
  });
  // Log level and size, and a custom RPC URL's API key kept out of every log line.
  const applySettings = (settings: Settings) => {
    logs.applySettings(settings.logs);
    if (settings.wallet.customRpcUrl) for (const secret of rpcUrlSecrets(settings.wallet.customRpcUrl)) logs.rememberSecret(secret);
  };
  // The node identity is opened (or made, on first run) before anything signs with it.
  core.addPreflightStep(async () => {
    applySettings(core.settings.get());
    // The redactor must know the exact key to erase it in every encoding, even where no shape rule would see it.
    logs.rememberKeypair(await wallet.openIdentity());
  });
  // Reach the container engine and clear what a previous run left behind. When the engine is down the
  // readiness checks say so, and the supervisor reconnects by itself.
  core.addPreflightStep(async () => {
    if ((await containers.start()).state !== 'up') return;
    await containers.reconcile([]).catch((err: unknown) => logger.warn('could not clear leftover containers', { reason: String(err) }));
  });
  core.addStopHook(async () => {
    await Promise.all(containers.running().map((op) => containers.stop(op.jobId, op.opId)));
    containers.close();
  });
  core.subscribe((event, data) => {
    if (event === 'settings.changed') applySettings(data as EventData<'settings.changed'>);
  });
  grid.attach(core);
  const dispatcher = new ApiDispatcher(createApiHandlers(core), logger.child({ component: 'api' }));

  return {
    core,
    dispatcher,
    logger,
    async close() {
      await core.stop();
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

/** GPU detection with its readiness checks, and the benchmark, over their adapters. */
function createHardware(dataDir: string, env: NodeJS.ProcessEnv, engine: DockerEngine, logger: Logger, core: () => HostCore): HardwareServices {
  const nvidiaSmi = new NvidiaSmiProcess({ host: { env } });
  const detection = new DetectionService({
    nvidiaSmi,
    system: new SysinfoSystemProbe(),
    containers: new EngineRuntimeProbe(engine, {
      probeImage: env.GRIDHOST_GPU_PROBE_IMAGE || GPU_PROBE_IMAGE,
      toolkitVersion: () => readContainerToolkitVersion(env),
    }),
    windows: platform() === 'win32' ? new WindowsPlatformFacts() : null,
    platform: platform(),
    dataDir,
    clock: systemClock,
  });
  const benchmark = new BenchmarkService({
    measurements: new NodeMachineMeasurements(),
    speedTest: () => {
      const gridUrl = core().settings.get().grid.url;
      return { gridUrl, client: new HttpSpeedTestClient(gridUrl) };
    },
    engine,
    gpuImage: env.GRIDHOST_GPU_BENCHMARK_IMAGE || GPU_BENCHMARK_IMAGE,
    gpuImageSource: benchmarkSources(env),
    nvidiaSmi,
    history: new BenchmarkHistory(new JsonFileStore(join(dataDir, 'benchmarks.json')), logger.child({ component: 'benchmark' })),
    dataDir,
    clock: systemClock,
    logger: logger.child({ component: 'benchmark' }),
    onProgress: (progress) => core().publish('gpu.benchmark.progress', progress),
    onFinished: (result) => core().publish('gpu.benchmark.finished', result),
  });
  return { detection, benchmark };
}

/**
 * The wallet and its keystore. Desktop seals a new key with the OS keyring; headless and the CLI with the
 * passphrase in GRIDHOST_KEY_PASSPHRASE, or with file permissions alone when none is set. Each can open a
 * key sealed by the others where it has what is needed.
 */
function createWallet(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  safeStorage: SafeStorageLike | undefined,
  logger: Logger,
  core: () => HostCore,
  earnings: EarningsSummarySource,
): WalletService {
  const passphrase = new PassphraseProtector(async () => env.GRIDHOST_KEY_PASSPHRASE ?? '');
  const filePermissions = new FilePermissionProtector();
  const headless: [KeyProtector, ...KeyProtector[]] = env.GRIDHOST_KEY_PASSPHRASE
    ? [passphrase, filePermissions]
    : [filePermissions, passphrase];
  const protectors: [KeyProtector, ...KeyProtector[]] = safeStorage
    ? [
        new SafeStorageProtector(safeStorage, {
          platform: platform(),
          // The owner's explicit agreement to a keyring-less Linux desktop (see docs/wallet.md).
          allowBasicText: env.GRIDHOST_ALLOW_BASIC_TEXT_KEYRING === '1',
        }),
        ...headless,
      ]
    : headless;
  return new WalletService({
    keystore: new NodeKeystore({
      path: join(dataDir, 'node-key.json'),
      files: new FsKeyFileAccess(),
      protectors,
      logger,
    }),
    balances: (endpoint) => new RpcBalanceSource(endpoint),
    earnings,
    settings: {
      read: () => ({ ...core().settings.get().wallet, nosMint: null }),
      writePayoutAddress: async (payoutAddress) => void (await core().settings.update({ wallet: { payoutAddress } })),
    },
    logger,
  });
}

/**
 * The main log (`<dataDir>/logs/gridhost.log`, rotated), redacted as it is written, and the support bundles
 * (`<dataDir>/support/`). Rotation and level start from the defaults and follow settings.logs once loaded.
 */
function createLogs(dataDir: string): LogsService {
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
    describeSystem,
  });
}
