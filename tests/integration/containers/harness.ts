import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { DnsHostResolver } from '../../../src/main/adapters/dns/dns-host-resolver';
import { DockerEngine } from '../../../src/main/adapters/docker/docker-engine';
import type { ConnectOptions } from '../../../src/main/adapters/docker/docker-connection';
import { ContainerSupervisor, type ContainerEvent, type RunningOp } from '../../../src/main/core/containers/container-supervisor';
import type { ContainerSettings } from '../../../src/main/core/containers/hardened-config';
import { ImageCache } from '../../../src/main/core/containers/image-cache';
import type { JobLogLimits } from '../../../src/main/core/containers/job-log-stream';
import type { JobContainerSpecInput } from '../../../src/main/core/containers/job-container-spec';
import { RotatingJobLogFiles } from '../../../src/main/adapters/logs/rotating-job-log-files';
import { TEST_IMAGE } from '../../support/docker-images';
import { StreamJsonLogger } from '../../support/raw-json-logger';
import type { JsonDocumentStore, Logger } from '../../../src/main/core/ports';
import { systemClock } from '../../../src/main/core/ports';
import { defaultSettings } from '../../../src/shared/settings';

const run = promisify(execFile);

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** An in-memory JsonDocumentStore (a fake of a core port). */
export class MemoryDocument implements JsonDocumentStore {
  value: unknown = null;
  async read() {
    return this.value;
  }
  async write(value: unknown) {
    this.value = JSON.parse(JSON.stringify(value));
  }
  async quarantine() {
    this.value = null;
    return 'memory';
  }
}

export interface Harness {
  supervisor: ContainerSupervisor;
  engine: DockerEngine;
  /** The installation id the supervisor labels its containers and volumes with. */
  hostId: string;
  events: ContainerEvent[];
  settings: ContainerSettings;
  logDir: string;
  logFiles: RotatingJobLogFiles;
  /** Runs an op and asserts the hardening of the container it created, via `docker inspect`. */
  runHardened(spec: JobContainerSpecInput): Promise<RunningOp>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  settings?: Partial<ContainerSettings>;
  logLimits?: JobLogLimits;
  logFileMaxBytes?: number;
  connect?: ConnectOptions;
  /** The installation id; a harness standing for the same installation after a crash passes the same. */
  hostId?: string;
  /** Receives every log line the supervisor writes (debug and up), as JSON. */
  logger?: (line: string) => void;
  /** The image of the port proxy (busybox); by default the test image, since no registry is reachable in tests. */
  portProxyImage?: string;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const settings: ContainerSettings = { ...defaultSettings().containers, memoryMiB: 512, cpus: 1, stopGraceSeconds: 1, ...options.settings };
  const logDir = await mkdtemp(join(tmpdir(), 'gridhost-containers-'));
  const events: ContainerEvent[] = [];
  const engine = new DockerEngine(options.connect ?? {});
  const hostId = options.hostId ?? `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const logger = options.logger ? new StreamJsonLogger(options.logger, 'debug') : silentLogger;
  const logFiles = new RotatingJobLogFiles(logDir, options.logFileMaxBytes ?? 8 * 1024 * 1024);
  const supervisor = new ContainerSupervisor({
    engine,
    hostId,
    logFiles,
    imageCache: new ImageCache(engine, engine, new MemoryDocument(), () => settings.imageCacheGiB, systemClock, logger),
    settings: () => settings,
    logger,
    clock: systemClock,
    onEvent: (e) => events.push(e),
    registryResolver: new DnsHostResolver(),
    portProxyImage: options.portProxyImage ?? TEST_IMAGE,
    ...(options.logLimits ? { logLimits: options.logLimits } : {}),
  });
  await supervisor.start();
  return {
    supervisor,
    engine,
    hostId,
    events,
    settings,
    logDir,
    logFiles,
    async runHardened(spec) {
      const op = await supervisor.run(spec);
      await expectHardened(op.containerId, settings, spec);
      return op;
    },
    async close() {
      const running = supervisor.running();
      await Promise.all(running.map((op) => supervisor.stop(op.jobId, op.opId)));
      // The tests that run ops straight on the supervisor have no job run to remove their jobs' networks.
      for (const jobId of new Set(running.map((op) => op.jobId))) await supervisor.removeJobNetwork(jobId);
      supervisor.close();
      await rm(logDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` gives a truthy value (and returns it), or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A job id no other test (or earlier run) uses. */
export function uniqueJob(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The parts of `docker inspect` output the tests read. */
export interface InspectedContainer {
  Name: string;
  Config: { Labels: Record<string, string>; Env: string[] | null };
  Mounts: Array<{ Type: string; RW: boolean; Source: string; Destination: string }>;
  NetworkSettings: {
    Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
    Networks: Record<string, { IPAddress: string }> | null;
  };
  HostConfig: {
    Privileged: boolean;
    CapDrop: string[] | null;
    CapAdd: string[] | null;
    SecurityOpt: string[] | null;
    ReadonlyRootfs: boolean;
    Tmpfs: Record<string, string>;
    PidsLimit: number | null;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    ShmSize: number;
    OomScoreAdj: number;
    Init: boolean | null;
    Binds: string[] | null;
    LogConfig: { Type: string; Config: Record<string, string> };
    RestartPolicy: { Name: string };
    NetworkMode: string;
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>> | null;
    DeviceRequests: unknown[] | null;
    Dns: string[] | null;
  };
}

export async function dockerInspect(id: string): Promise<InspectedContainer> {
  const { stdout } = await run('docker', ['inspect', id]);
  const [info] = JSON.parse(stdout) as InspectedContainer[];
  if (!info) throw new Error(`docker inspect ${id} returned nothing`);
  return info;
}

/** Every hardening field of the issue, read back from the engine with the docker CLI. */
export async function expectHardened(id: string, settings: ContainerSettings, spec: JobContainerSpecInput): Promise<void> {
  const info = await dockerInspect(id);
  const host = info.HostConfig;
  const memory = settings.memoryMiB * 1024 * 1024;
  expect(host.Privileged).toBe(false);
  expect(host.CapDrop).toEqual(['ALL']);
  expect(host.CapAdd ?? null).toBeNull();
  expect(host.SecurityOpt).toEqual(['no-new-privileges']);
  expect(host.ReadonlyRootfs).toBe(true);
  expect(Object.keys(host.Tmpfs)).toEqual(['/tmp']);
  expect(host.Tmpfs['/tmp']).toMatch(/size=\d+m/);
  expect(host.PidsLimit).toBeGreaterThan(0);
  expect(host.Memory).toBe(memory);
  expect(host.MemorySwap).toBe(memory);
  expect(host.NanoCpus).toBe(Math.round(settings.cpus * 1e9));
  expect(host.ShmSize).toBeGreaterThanOrEqual(64 * 1024 * 1024);
  expect(host.ShmSize).toBeLessThan(memory);
  expect(host.OomScoreAdj).toBeGreaterThan(0);
  expect(host.Init).toBe(true);
  expect(host.Binds ?? null).toBeNull();
  for (const mount of info.Mounts) {
    expect(mount.Type).toBe('volume');
    expect(mount.RW).toBe(false);
    expect(mount.Source).not.toMatch(/docker\.sock/);
  }
  expect(host.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } });
  expect(host.RestartPolicy.Name).toBe('no');
  expect(info.Config.Labels['gridhost.managed']).toBe('1');
  expect(info.Config.Labels['gridhost.host']).toMatch(/\S/);
  expect(info.Config.Labels['gridhost.job']).toBe(spec.jobId);
  expect(info.Config.Labels['gridhost.op']).toBe(spec.opId);
  expect(info.Name).toMatch(/^\/gridhost-[a-z0-9_.-]+$/);
  const joins = (spec.expose ?? []).length > 0 || (spec.aliases ?? []).length > 0 || spec.jobNetwork === true;
  expect(host.PortBindings ?? {}).toEqual({});
  // An op that needs no network has none; any other sits on its job's network (and publishes nothing itself).
  expect(host.NetworkMode).toBe(joins ? `gridhost-jobnet-${spec.jobId}` : 'none');
  if ((spec.expose ?? []).length > 0) {
    // Its port proxy publishes on 127.0.0.1.
    const proxy = await dockerInspect(`${info.Name.slice(1)}-ports`);
    expect(proxy.Config.Labels['gridhost.role']).toBe('port-proxy');
    expect(proxy.Config.Labels['gridhost.job']).toBe(spec.jobId);
    expect(proxy.HostConfig).toMatchObject({ Privileged: false, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], ReadonlyRootfs: true, Init: true });
    expect(proxy.HostConfig.Memory).toBeGreaterThan(0);
    expect(proxy.HostConfig.Binds ?? null).toBeNull();
    expect(Object.keys(proxy.HostConfig.PortBindings ?? {}).sort()).toEqual((spec.expose ?? []).map((p) => `${p}/tcp`).sort());
    for (const port of spec.expose ?? []) {
      expect(proxy.HostConfig.PortBindings?.[`${port}/tcp`]).toEqual([{ HostIp: '127.0.0.1', HostPort: '' }]);
    }
  }
}
