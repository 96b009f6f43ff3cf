import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContainerSupervisor, type ContainerEvent } from '../../../../../src/main/core/containers/container-supervisor';
import { ContainerError } from '../../../../../src/main/core/containers/errors';
import { ImageCache } from '../../../../../src/main/core/containers/image-cache';
import type { JobLogFiles, JobLogWriter } from '../../../../../src/main/core/containers/ports';
import type { Logger } from '../../../../../src/main/core/ports';
import { defaultSettings } from '../../../../../src/shared/settings';
import { FakeEngine } from './fake-engine';

const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => logger };
const clock = { now: () => Date.now() };

class MemoryLogFiles implements JobLogFiles {
  files = new Map<string, string>();
  async open(jobId: string, opId: string): Promise<JobLogWriter> {
    const key = `${jobId}/${opId}`;
    this.files.set(key, '');
    return {
      write: async (data) => void this.files.set(key, this.files.get(key) + Buffer.from(data).toString()),
      close: async () => undefined,
    };
  }
}

class MemoryDocument {
  value: unknown = null;
  async read() {
    return this.value;
  }
  async write(v: unknown) {
    this.value = v;
  }
  async quarantine() {
    return 'x';
  }
}

function setup() {
  const engine = new FakeEngine();
  const events: ContainerEvent[] = [];
  const settings = { ...defaultSettings().containers, memoryMiB: 2048, stopGraceSeconds: 3 };
  const logFiles = new MemoryLogFiles();
  const supervisor = new ContainerSupervisor({
    engine,
    hostId: 'h1',
    logFiles,
    imageCache: new ImageCache(engine, engine, new MemoryDocument(), () => settings.imageCacheGiB, clock, logger),
    settings: () => settings,
    logger,
    clock,
    onEvent: (e) => events.push(e),
    pullProgressIntervalMs: 0,
    registryResolver: { resolve: async (host) => (host === 'registry.lan' ? ['192.168.1.20'] : ['93.184.215.14']) },
  });
  return { engine, events, settings, supervisor, logFiles };
}

const spec = (jobId: string, extra: Record<string, unknown> = {}) => ({ jobId, opId: 'main', image: 'org/model:1', ...extra });

describe('ContainerSupervisor (fake engine)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('pulls a missing image with the job\'s credentials, then runs it hardened', async () => {
    const { engine, supervisor, events } = setup();
    await supervisor.start();
    const auth = { username: 'u', password: 'p' };
    const op = await supervisor.run(spec('j1', { registryAuth: auth }));
    expect(engine.pulls).toEqual([{ reference: 'org/model:1', auth }]);
    const created = engine.containers.get(op.containerId)!;
    expect(created.name).toBe('gridhost-j1-main');
    expect(created.body.HostConfig.CapDrop).toEqual(['ALL']);
    expect(created.body.Labels).toMatchObject({ 'gridhost.managed': '1', 'gridhost.host': 'h1', 'gridhost.job': 'j1', 'gridhost.op': 'main' });
    expect(JSON.stringify(created.body)).not.toContain('"p"');
    expect(events.map((e) => e.type)).toContain('started');
  });

  it('does not pull an image the engine already has', async () => {
    const { engine, supervisor } = setup();
    engine.addImage('org/model:1', 10);
    await supervisor.start();
    await supervisor.run(spec('j1'));
    expect(engine.pulls).toEqual([]);
  });

  it('refuses to pull from a registry on this computer or the LAN, unless the owner allowed it', async () => {
    const { engine, supervisor, settings } = setup();
    await supervisor.start();
    for (const image of ['127.0.0.1:5000/org/model:1', 'registry.lan/org/model:1']) {
      const err = await supervisor.run(spec('j1', { image })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'forbidden', hint: expect.stringMatching(/allowedRegistries/) });
    }
    expect(engine.pulls).toEqual([]);
    expect(engine.containers.size).toBe(0);
    settings.allowedRegistries = ['registry.lan'];
    await supervisor.pull('registry.lan/org/model:1');
    expect(engine.pulls.map((p) => p.reference)).toEqual(['registry.lan/org/model:1']);
  });

  it('turns an in-band pull error into a ContainerError and creates nothing', async () => {
    const { engine, supervisor } = setup();
    engine.pullScript = [{ status: 'Pulling fs layer', id: 'a' }, { error: 'manifest unknown', errorDetail: { message: 'manifest unknown' } }];
    await supervisor.start();
    const err = await supervisor.run(spec('j1')).catch((e: unknown) => e);
    expect((err as ContainerError).code).toBe('image_not_found');
    expect(engine.containers.size).toBe(0);
  });

  it('stop sends SIGTERM and, when it is ignored, SIGKILL after the grace period', async () => {
    const { engine, supervisor, settings } = setup();
    engine.honoursSigterm = false;
    await supervisor.start();
    const op = await supervisor.run(spec('j1'));
    const stopping = supervisor.stop('j1', 'main');
    await vi.advanceTimersByTimeAsync(settings.stopGraceSeconds * 1000 - 1);
    expect(engine.containers.get(op.containerId)?.signals).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(1);
    const report = await stopping;
    expect(report).toEqual({ durationMs: 3000, killed: true, exitCode: 137, alreadyGone: false });
    expect(engine.containers.size).toBe(0);
    expect(supervisor.running()).toEqual([]);
  });

  it('stop with a grace of its own (Auto sharing gives the GPU back with 1 s) kills after that grace', async () => {
    const { engine, supervisor } = setup();
    engine.honoursSigterm = false;
    await supervisor.start();
    const op = await supervisor.run(spec('j1'));
    const stopping = supervisor.stop('j1', 'main', { graceMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(engine.containers.get(op.containerId)?.signals).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(1);
    expect(await stopping).toEqual({ durationMs: 1000, killed: true, exitCode: 137, alreadyGone: false });
  });

  it('stop without SIGKILL when the container honours SIGTERM, and reports the exit', async () => {
    const { engine, supervisor, events } = setup();
    await supervisor.start();
    await supervisor.run(spec('j1'));
    const stopping = supervisor.stop('j1', 'main');
    await vi.advanceTimersByTimeAsync(10);
    expect(await stopping).toMatchObject({ killed: false, exitCode: 143 });
    expect(events).toContainEqual(expect.objectContaining({ type: 'exit', jobId: 'j1', exitCode: 143, oomKilled: false }));
    expect(engine.containers.size).toBe(0);
  });

  it('stopping an op that is not there resolves at once', async () => {
    const { supervisor } = setup();
    await supervisor.start();
    expect(await supervisor.stop('nope', 'main')).toEqual({ durationMs: 0, killed: false, exitCode: null, alreadyGone: true });
  });

  it('reports an OOM kill as an event and in the exit', async () => {
    const { engine, supervisor, events } = setup();
    await supervisor.start();
    const op = await supervisor.run(spec('j1'));
    engine.exit(op.containerId, 137, true);
    expect(await op.exited).toEqual({ exitCode: 137, oomKilled: true });
    expect(events).toContainEqual({ type: 'oom', jobId: 'j1', opId: 'main', containerId: op.containerId });
    expect(events).toContainEqual({ type: 'die', jobId: 'j1', opId: 'main', containerId: op.containerId, exitCode: 137 });
  });

  it('keeps output in the ring and the job file, and pushes it as events', async () => {
    const { engine, supervisor, events, logFiles } = setup();
    await supervisor.start();
    const op = await supervisor.run(spec('j1'));
    await engine.print(op.containerId, 'stdout', 'hello\n');
    await engine.print(op.containerId, 'stderr', 'warn\n');
    await vi.advanceTimersByTimeAsync(300);
    expect(supervisor.logs('j1', 'main')).toEqual([
      { stream: 'stdout', text: 'hello' },
      { stream: 'stderr', text: 'warn' },
    ]);
    expect(logFiles.files.get('j1/main')).toBe('hello\nwarn\n');
    expect(events.filter((e) => e.type === 'log')).toHaveLength(1);
  });

  it('refuses to run the same op twice', async () => {
    const { supervisor } = setup();
    await supervisor.start();
    await supervisor.run(spec('j1'));
    const err = await supervisor.run(spec('j1')).catch((e: unknown) => e);
    expect((err as ContainerError).code).toBe('invalid_spec');
  });

  it('puts an op with ports on its job network and publishes them through a port proxy; stop removes the op and its proxy', async () => {
    const { engine, supervisor, events } = setup();
    await supervisor.start();
    const op = await supervisor.run(spec('j1', { expose: [8080] }));
    expect(op.hostPorts).toEqual({ '8080/tcp': 40000 });
    expect(engine.pulls.map((p) => p.reference)).toEqual(['org/model:1', 'busybox:1.36.1']);
    expect(engine.networks.map((n) => n.name)).toEqual(['gridhost-jobnet-j1', 'gridhost-j1-main-ports-net']);
    expect(Object.fromEntries(engine.networkKinds)).toEqual({ 'gridhost-jobnet-j1': 'isolated', 'gridhost-j1-main-ports-net': 'published' });
    expect(engine.networks[0]!.labels).toEqual({ 'gridhost.managed': '1', 'gridhost.host': 'h1', 'gridhost.job': 'j1', 'gridhost.role': 'job-network' });

    const job = engine.containers.get(op.containerId)!;
    expect(job.body.HostConfig.NetworkMode).toBe('gridhost-jobnet-j1');
    // Its id is its name on the job's network.
    expect(job.body.NetworkingConfig).toEqual({ EndpointsConfig: { 'gridhost-jobnet-j1': { Aliases: ['main'] } } });
    expect(job.body.HostConfig.PortBindings).toBeUndefined();
    const proxy = [...engine.containers.values()].find((c) => c.name === 'gridhost-j1-main-ports')!;
    expect(proxy.running).toBe(true);
    expect(proxy.body.HostConfig).toMatchObject({ NetworkMode: 'gridhost-j1-main-ports-net', CapDrop: ['ALL'], ReadonlyRootfs: true, Privileged: false });
    expect(proxy.body.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(proxy.networks).toEqual(['gridhost-jobnet-j1']);
    // It relays to the job's address on the job's network, and carries the role label.
    const jobAddress = (await engine.inspectContainer(op.containerId))!.addresses['gridhost-jobnet-j1'];
    expect(proxy.body.Cmd?.join(' ')).toContain(`nc -ll -p 8080 -e nc ${jobAddress} 8080`);
    expect(proxy.body.Labels).toMatchObject({ 'gridhost.job': 'j1', 'gridhost.op': 'main', 'gridhost.role': 'port-proxy' });
    expect(events.filter((e) => e.type === 'started')).toHaveLength(1);

    const stopping = supervisor.stop('j1', 'main');
    await vi.advanceTimersByTimeAsync(10);
    await stopping;
    expect(engine.containers.size).toBe(0);
    // The job's network stays for the job's other ops until the job's run removes it.
    expect(engine.networks.map((n) => n.name)).toEqual(['gridhost-jobnet-j1']);
    await supervisor.removeJobNetwork('j1');
    expect(engine.networks).toEqual([]);
  });

  it('leaves nothing of the op behind when the port proxy cannot start', async () => {
    const { engine, supervisor } = setup();
    await supervisor.start();
    engine.failStartOf = 'gridhost-j1-main-ports';
    const err = await supervisor.run(spec('j1', { expose: [8080] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContainerError);
    expect(engine.containers.size).toBe(0);
    expect(engine.networks.map((n) => n.name)).toEqual(['gridhost-jobnet-j1']);
  });

  it('puts the ops of one job that start together on one network, with their names; another job gets its own', async () => {
    const { engine, supervisor } = setup();
    await supervisor.start();
    engine.addImage('org/model:1', 1);
    const [api, client] = await Promise.all([
      supervisor.run({ ...spec('j1'), opId: 'api', aliases: ['models'] }),
      supervisor.run({ ...spec('j1'), opId: 'client_1', jobNetwork: true }),
    ]);
    const other = await supervisor.run({ ...spec('j2'), opId: 'api', aliases: ['models'] });
    const lone = await supervisor.run({ ...spec('j3'), opId: 'batch' });
    expect(engine.networks.map((n) => n.name)).toEqual(['gridhost-jobnet-j1', 'gridhost-jobnet-j2']);
    const body = (id: string) => engine.containers.get(id)!.body;
    expect(body(api.containerId).HostConfig.NetworkMode).toBe('gridhost-jobnet-j1');
    expect(body(api.containerId).NetworkingConfig).toEqual({ EndpointsConfig: { 'gridhost-jobnet-j1': { Aliases: ['models', 'api'] } } });
    // An id that is not a host name is no name, but the op still joins.
    expect(body(client.containerId).HostConfig.NetworkMode).toBe('gridhost-jobnet-j1');
    expect(body(client.containerId).NetworkingConfig).toEqual({ EndpointsConfig: { 'gridhost-jobnet-j1': { Aliases: [] } } });
    expect(body(other.containerId).HostConfig.NetworkMode).toBe('gridhost-jobnet-j2');
    // A job's only op that exposes nothing and has no name keeps no network at all.
    expect(body(lone.containerId).HostConfig.NetworkMode).toBe('none');
    expect(body(lone.containerId).NetworkingConfig).toBeUndefined();
  });

  it('takes over a leftover network of the same job (a crash) instead of making a second one', async () => {
    const { engine, supervisor } = setup();
    await supervisor.start();
    engine.addImage('org/model:1', 1);
    const labels = { 'gridhost.managed': '1', 'gridhost.host': 'h1', 'gridhost.job': 'j1', 'gridhost.role': 'job-network' };
    const leftover = await engine.createNetwork('gridhost-jobnet-j1', labels, 'isolated');
    const op = await supervisor.run({ ...spec('j1'), aliases: ['db'] });
    expect(engine.networks.map((n) => n.id)).toEqual([leftover]);
    expect(engine.containers.get(op.containerId)!.body.HostConfig.NetworkMode).toBe('gridhost-jobnet-j1');
  });

  it('reconcile removes what no live job of this installation owns and keeps the rest', async () => {
    const { engine, supervisor } = setup();
    await supervisor.start();
    engine.addImage('org/model:1', 1);
    const labels = (host: string, job: string) => ({ 'gridhost.managed': '1', 'gridhost.host': host, 'gridhost.job': job, 'gridhost.op': 'main' });
    const body = (host: string, job: string) => ({ Image: 'x', Env: [], StopSignal: 'SIGTERM', Labels: labels(host, job), HostConfig: {} as never });
    const orphanId = await engine.createContainer('gridhost-old-main', body('h1', 'old'));
    const liveId = await engine.createContainer('gridhost-live-main', body('h1', 'live'));
    // Another installation's container (another data folder): not ours to remove.
    const otherId = await engine.createContainer('gridhost-other-main', body('h2', 'other'));
    await engine.createVolume('old-data', labels('h1', 'old'));
    await engine.createVolume('owner-volume', {});
    await engine.createNetwork('gridhost-old-main-net', labels('h1', 'old'), 'isolated');
    const report = await supervisor.reconcile(['live']);
    expect(report).toEqual({ containers: ['gridhost-old-main'], volumes: ['old-data'], networks: ['gridhost-old-main-net'] });
    expect(engine.containers.has(orphanId)).toBe(false);
    expect(engine.containers.has(liveId)).toBe(true);
    expect(engine.containers.has(otherId)).toBe(true);
    expect(engine.volumes.map((v) => v.name)).toEqual(['owner-volume']);
  });

  it('reports the engine down with a hint, then reconnects by itself', async () => {
    const { engine, supervisor, events } = setup();
    expect((await supervisor.start()).state).toBe('up');
    engine.goDown();
    expect(supervisor.engineStatus()).toMatchObject({ state: 'down', hint: expect.stringMatching(/Start/) });
    await vi.advanceTimersByTimeAsync(1000);
    expect(supervisor.engineStatus().state).toBe('down');
    engine.up = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(supervisor.engineStatus().state).toBe('up');
    expect(events.filter((e) => e.type === 'engine').map((e) => (e.type === 'engine' ? e.status.state : ''))).toEqual(['up', 'down', 'up']);
    supervisor.close();
  });
});

describe('ContainerSupervisor.runUtility (fake engine)', () => {
  const MiB = 1024 * 1024;
  const utility = { image: 'gridhost/benchmark:1', name: 'gridhost-gpu-benchmark', requestGpus: true, timeoutMs: 10_000 };
  const started = async (engine: FakeEngine) => {
    await vi.waitFor(() => expect([...engine.containers.values()].some((c) => c.running)).toBe(true), { interval: 1 });
    return [...engine.containers.values()].find((c) => c.running)!;
  };

  it('runs a hardened, network-less container with the GPUs, hands over its lines, and removes it', async () => {
    const { engine, supervisor } = setup();
    const lines: string[] = [];
    const result = supervisor.runUtility({ ...utility, env: ['BENCH_RUNS=3'], onLine: (line) => lines.push(line) });
    const c = await started(engine);
    expect(c.name).toMatch(/^gridhost-gpu-benchmark-[0-9a-f]{8}$/);
    expect(c.body.Labels).toEqual({ 'gridhost.managed': '1', 'gridhost.job': 'gridhost-gpu-benchmark', 'gridhost.op': 'run' });
    expect(c.body.Env).toContain('BENCH_RUNS=3');
    expect(c.body.HostConfig).toMatchObject({
      NetworkMode: 'none', CapDrop: ['ALL'], ReadonlyRootfs: true, Memory: 2048 * MiB, NanoCpus: 2e9,
      DeviceRequests: [{ Driver: 'nvidia', Count: -1 }],
    });
    await engine.print(c.id, 'stdout', 'first\r\nsec');
    await engine.print(c.id, 'stderr', 'ond\nlast');
    engine.exit(c.id, 3);
    expect(await result).toEqual({ kind: 'exited', exitCode: 3, output: 'first\r\nsecond\nlast' });
    expect(lines).toEqual(['first', 'second', 'last']);
    expect(engine.containers.size).toBe(0);
  });

  it('kills the container at the time limit, and when the signal aborts', async () => {
    const { engine, supervisor } = setup();
    const timedOut = supervisor.runUtility({ ...utility, timeoutMs: 300 });
    const slow = await started(engine);
    await engine.print(slow.id, 'stdout', 'partial');
    expect(await timedOut).toEqual({ kind: 'timed-out', output: 'partial' });
    expect(slow.signals).toEqual(['SIGKILL']);

    const controller = new AbortController();
    const aborted = supervisor.runUtility({ ...utility, signal: controller.signal });
    const cancelled = await started(engine);
    controller.abort();
    expect(await aborted).toEqual({ kind: 'aborted', output: '' });
    expect(cancelled.signals).toEqual(['SIGKILL']);
    expect(engine.containers.size).toBe(0);
  });

  it('reports a refused start in the engine\'s own words and leaves nothing behind', async () => {
    const { engine, supervisor } = setup();
    engine.startContainer = async () => {
      throw new ContainerError('engine_error', 'Could not start container x: could not select device driver "nvidia" with capabilities: [[gpu]].', 'Install the toolkit.');
    };
    expect(await supervisor.runUtility(utility)).toEqual({ kind: 'refused', message: 'could not select device driver "nvidia" with capabilities: [[gpu]]', engineUnavailable: false });
    expect(engine.containers.size).toBe(0);
    engine.goDown();
    expect(await supervisor.runUtility(utility)).toMatchObject({ kind: 'refused', engineUnavailable: true });
  });

  it('removes exited leftovers of an earlier run first, never a created or running one (another process may own it)', async () => {
    const { engine, supervisor } = setup();
    const Labels = { 'gridhost.managed': '1', 'gridhost.job': 'gridhost-gpu-benchmark', 'gridhost.op': 'run' };
    const body = { Image: 'x', Env: [], Labels, StopSignal: 'SIGTERM', HostConfig: {} as never };
    const exited = await engine.createContainer('gridhost-gpu-benchmark-dead', body);
    const running = await engine.createContainer('gridhost-gpu-benchmark-busy', body);
    await engine.startContainer(running);
    const result = supervisor.runUtility({ ...utility, timeoutMs: 20 });
    expect((await result).kind).toBe('timed-out');
    expect([...engine.containers.keys()]).toEqual([running]);
    expect(engine.containers.has(exited)).toBe(false);
  });
});
