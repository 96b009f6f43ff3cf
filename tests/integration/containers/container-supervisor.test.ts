import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ContainerError } from '../../../src/main/core/containers/errors';
import { ensureTestImage } from '../../support/docker-images';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, dockerInspect, uniqueJob, waitFor, type Harness } from './harness';

const hasDocker = await dockerAvailable();
const run = promisify(execFile);

describe.skipIf(!hasDocker)('ContainerSupervisor on the real Docker engine', () => {
  let image: string;
  let h: Harness;

  beforeAll(async () => {
    image = await ensureTestImage();
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs a hardened container, streams its stdout and stderr apart, and reports its exit', async () => {
    const jobId = uniqueJob('echo');
    const op = await h.runHardened({ jobId, opId: 'main', image, cmd: ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3'] });
    expect(op.name).toBe(`gridhost-${jobId}-main`);
    expect(op.startLatencyMs).toBeGreaterThan(0);
    const result = await op.exited;
    expect(result).toEqual({ exitCode: 3, oomKilled: false });

    const lines = h.supervisor.logs(jobId, 'main');
    expect(lines).toContainEqual({ stream: 'stdout', text: 'to-out' });
    expect(lines).toContainEqual({ stream: 'stderr', text: 'to-err' });
    const exit = h.events.find((e) => e.type === 'exit' && e.jobId === jobId);
    expect(exit).toMatchObject({ exitCode: 3, oomKilled: false });
    const logEvents = h.events.filter((e) => e.type === 'log' && e.batch.jobId === jobId);
    const streamed = logEvents.flatMap((e) => (e.type === 'log' ? e.batch.entries : []));
    expect(streamed.filter((l) => l.stream === 'stderr').map((l) => l.text).join('')).toBe('to-err\n');
    expect(await readFile(h.logFiles.pathOf(jobId, 'main'), 'utf8')).toMatch(/to-out\n/);

    const stopped = await h.supervisor.stop(jobId, 'main');
    expect(stopped).toMatchObject({ killed: false, exitCode: 3, alreadyGone: false });
    await expect(h.engine.inspectContainer(op.containerId)).resolves.toBeNull();
  });

  it('the root filesystem is read-only, /tmp is a size-capped tmpfs, and no capability is left', async () => {
    const jobId = uniqueJob('fs');
    const script = [
      'touch /root-file 2>/dev/null && echo root-writable || echo root-readonly',
      'echo x > /tmp/ok && echo tmp-writable',
      'grep " /tmp " /proc/mounts',
      'grep CapEff /proc/self/status',
      'cat /proc/self/oom_score_adj',
    ].join('; ');
    const op = await h.runHardened({ jobId, opId: 'fs', image, cmd: ['sh', '-c', script] });
    await op.exited;
    const text = h.supervisor.logs(jobId, 'fs').map((l) => l.text).join('\n');
    expect(text).toContain('root-readonly');
    expect(text).toContain('tmp-writable');
    expect(text).toMatch(/tmpfs \/tmp tmpfs rw,nosuid,nodev.*size=131072k/);
    expect(text).toMatch(/CapEff:\s+0000000000000000/);
    expect(text).toMatch(/^500$/m);
    await h.supervisor.stop(jobId, 'fs');
  });

  it('kills a container that ignores SIGTERM once the grace period is over, and waits until it is gone', async () => {
    const jobId = uniqueJob('stubborn');
    const op = await h.runHardened({
      jobId,
      opId: 'main',
      image,
      cmd: ['sh', '-c', "trap 'echo got-term' TERM; echo ready; while true; do sleep 0.1; done"],
    });
    await waitFor(() => h.supervisor.logs(jobId, 'main').some((l) => l.text === 'ready'));
    const report = await h.supervisor.stop(jobId, 'main');
    expect(report.killed).toBe(true);
    expect(report.exitCode).toBe(137);
    expect(report.durationMs).toBeGreaterThanOrEqual(h.settings.stopGraceSeconds * 1000);
    expect(h.supervisor.logs(jobId, 'main')).toEqual([]);
    await expect(h.engine.inspectContainer(op.containerId)).resolves.toBeNull();
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'die', containerId: op.containerId, exitCode: 137 }));
  });

  it('a container that honours SIGTERM stops without SIGKILL', async () => {
    const jobId = uniqueJob('polite');
    const op = await h.runHardened({ jobId, opId: 'main', image, cmd: ['sleep', '600'] });
    const report = await h.supervisor.stop(jobId, 'main');
    expect(report.killed).toBe(false);
    expect(report.durationMs).toBeLessThan(h.settings.stopGraceSeconds * 1000);
    await expect(h.engine.inspectContainer(op.containerId)).resolves.toBeNull();
  });

  it('an OOM kill under the memory limit is reported as an event and in the exit', async () => {
    const jobId = uniqueJob('oom');
    // busybox dd allocates its block size: 768 MiB cannot fit under the 512 MiB limit (RAM = RAM + swap).
    const op = await h.runHardened({ jobId, opId: 'main', image, cmd: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=768M', 'count=1'] });
    const result = await op.exited;
    expect(result.oomKilled).toBe(true);
    expect(result.exitCode).toBe(137);
    await waitFor(() => h.events.some((e) => e.type === 'oom' && e.jobId === jobId));
    await h.supervisor.stop(jobId, 'main');
  });

  it('publishes an exposed port on 127.0.0.1 only, on a random host port, through the port proxy', async () => {
    const jobId = uniqueJob('web');
    const op = await h.runHardened({
      jobId,
      opId: 'srv',
      image,
      expose: [8080],
      cmd: ['sh', '-c', 'mkdir -p /tmp/w && echo served > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w'],
    });
    const hostPort = op.hostPorts['8080/tcp'];
    expect(hostPort).toBeGreaterThan(1024);
    const info = await dockerInspect(op.containerId);
    expect(info.HostConfig.NetworkMode).toBe(`gridhost-jobnet-${jobId}`);
    // Outside names have no upstream to go to (engines before 26 would look them up from the host's network).
    expect(info.HostConfig.Dns).toEqual(['192.0.2.1']);
    const proxy = await dockerInspect(`gridhost-${jobId}-srv-ports`);
    expect(proxy.NetworkSettings.Ports['8080/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(hostPort) }]);
    const body = await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${hostPort}/`).catch(() => null);
      return res?.ok ? res.text() : null;
    });
    expect(body).toBe('served\n');
    await h.supervisor.stop(jobId, 'srv');
    await h.supervisor.removeJobNetwork(jobId);
    expect(await h.engine.listNetworks({ 'gridhost.job': jobId })).toEqual([]);
    expect(await h.engine.listContainers({ 'gridhost.job': jobId })).toEqual([]);
  });

  it('refuses a job that asks for the Docker socket or a host folder, creating nothing', async () => {
    const jobId = uniqueJob('evil');
    for (const volume of [
      { name: '/var/run/docker.sock', target: '/var/run/docker.sock' },
      { name: '/home', target: '/data' },
      { name: 'models', target: '/etc' },
    ]) {
      const err = await h.supervisor.run({ jobId, opId: 'main', image, cmd: ['true'], volumes: [volume] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContainerError);
      expect((err as ContainerError).code).toBe('forbidden');
    }
    expect(await h.engine.listContainers({ 'gridhost.job': jobId })).toEqual([]);
  });

  it('mounts a named model volume read-only', async () => {
    const jobId = uniqueJob('model');
    const volume = `gridhost-test-model-${jobId}`;
    await h.engine.createVolume(volume, { 'gridhost.managed': '1', 'gridhost.host': h.hostId, 'gridhost.job': jobId });
    const spec = { jobId, opId: 'main', image, volumes: [{ name: volume, target: '/models' }], cmd: ['sh', '-c', 'touch /models/x 2>/dev/null && echo rw || echo ro'] };
    const op = await h.runHardened(spec);
    await op.exited;
    expect(h.supervisor.logs(jobId, 'main').map((l) => l.text)).toContain('ro');
    await h.supervisor.stop(jobId, 'main');
    await h.engine.removeVolume(volume);
  });

  it("refuses another app's volume (it could bind any host folder), creating nothing", async () => {
    const jobId = uniqueJob('theft');
    const volume = `gridhost-test-foreign-${jobId}`;
    await h.engine.createVolume(volume, {});
    try {
      const err = await h.supervisor.run({ jobId, opId: 'main', image, cmd: ['true'], volumes: [{ name: volume, target: '/data' }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContainerError);
      expect(err).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/did not create/) });
      expect(await h.engine.listContainers({ 'gridhost.job': jobId })).toEqual([]);
    } finally {
      await h.engine.removeVolume(volume);
    }
  });

  it('asks the engine for the GPUs; without the NVIDIA runtime the start fails saying what to install, leaving nothing', async () => {
    const jobId = uniqueJob('gpu');
    const { stdout } = await run('docker', ['info', '--format', '{{json .Runtimes}}']);
    const spec = { jobId, opId: 'main', image, gpus: 'all' as const, cmd: ['true'] };
    if (stdout.includes('nvidia')) {
      // A machine with the NVIDIA Container Toolkit: the request is granted and visible in inspect.
      const op = await h.runHardened(spec);
      const info = await dockerInspect(op.containerId);
      expect(info.HostConfig.DeviceRequests).toEqual([expect.objectContaining({ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] })]);
      await h.supervisor.stop(jobId, 'main');
    } else {
      const err = (await h.supervisor.run(spec).catch((e: unknown) => e)) as ContainerError;
      expect(err).toBeInstanceOf(ContainerError);
      expect(err.message).toMatch(/device driver "nvidia"/);
      expect(err.hint).toMatch(/NVIDIA Container Toolkit/);
    }
    expect(await h.engine.listContainers({ 'gridhost.job': jobId })).toEqual([]);
  });

  it("a job's environment cannot hand it the GPUs: runtime variables are dropped and the NVIDIA runtime told none", async () => {
    // CUDA base images set ENV NVIDIA_VISIBLE_DEVICES=all themselves: an engine whose default runtime is nvidia
    // would then give every GPU to a job that asked for none. A stand-in image with that ENV:
    const cudaLike = 'gridhost-test/busybox-nvidia-env:latest';
    const { stdout: made } = await run('docker', ['create', image, 'true']);
    await run('docker', ['commit', '-c', 'ENV NVIDIA_VISIBLE_DEVICES=all', '-c', 'ENV NVIDIA_DRIVER_CAPABILITIES=all', made.trim(), cudaLike]);
    await run('docker', ['rm', made.trim()]);
    const jobId = uniqueJob('env');
    const env = { NVIDIA_VISIBLE_DEVICES: 'all', NVIDIA_DRIVER_CAPABILITIES: 'compute,utility,video', NVIDIA_REQUIRE_CUDA: 'cuda>=1', KEEP_ME: '1' };
    const op = await h.runHardened({ jobId, opId: 'main', image: cudaLike, env, cmd: ['env'] });
    await op.exited;
    const info = await dockerInspect(op.containerId);
    const configured = info.Config.Env ?? [];
    expect(configured).toContain('NVIDIA_VISIBLE_DEVICES=void');
    expect(configured).toContain('KEEP_ME=1');
    expect(configured.filter((e) => e.startsWith('NVIDIA_VISIBLE_DEVICES='))).toEqual(['NVIDIA_VISIBLE_DEVICES=void']);
    expect(configured.some((e) => e.startsWith('NVIDIA_REQUIRE_CUDA='))).toBe(false);
    expect(info.HostConfig.DeviceRequests ?? []).toEqual([]);
    const seen = h.supervisor.logs(jobId, 'main').map((l) => l.text);
    expect(seen).toContain('NVIDIA_VISIBLE_DEVICES=void');
    expect(seen).not.toContain('NVIDIA_VISIBLE_DEVICES=all');
    await h.supervisor.stop(jobId, 'main');
    await run('docker', ['image', 'rm', cudaLike]).catch(() => undefined);
  });

  it('refuses a bad image reference before asking the engine, refuses a local registry, and reports an unreachable (allowed) one', async () => {
    const bad = await h.supervisor.run({ jobId: uniqueJob('ref'), opId: 'main', image: 'Bad_Ref!!' }).catch((e: unknown) => e);
    expect((bad as ContainerError).code).toBe('bad_reference');
    expect((bad as ContainerError).hint).toMatch(/lowercase/);
    const refused = await h.supervisor.pull('127.0.0.1:9/gridhost-test/missing:1').catch((e: unknown) => e);
    expect((refused as ContainerError).code).toBe('forbidden');
    h.settings.allowedRegistries = ['127.0.0.1:9'];
    const missing = await h.supervisor.pull('127.0.0.1:9/gridhost-test/missing:1').catch((e: unknown) => e);
    h.settings.allowedRegistries = [];
    expect((missing as ContainerError).code).toBe('pull_failed');
    expect((missing as ContainerError).message).toMatch(/Could not reach the registry/);
  });
});
