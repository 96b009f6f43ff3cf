import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../../src/main/adapters/docker/docker-engine';
import { connectDocker } from '../../../src/main/adapters/docker/docker-connection';
import { type ContainerError } from '../../../src/main/core/containers/errors';
import type { EngineStatus } from '../../../src/main/core/containers/engine-monitor';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();

/** A Unix socket that forwards to the real engine: closing it is "the engine went away". */
class EngineProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(readonly path: string) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection('/var/run/docker.sock');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.path, resolve));
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

describe.skipIf(!hasDocker)('the engine going away and coming back', () => {
  let dir: string;
  let proxy: EngineProxy;
  let h: Harness;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridhost-engine-'));
    proxy = new EngineProxy(join(dir, 'docker.sock'));
    h = await createHarness({ connect: { env: { DOCKER_HOST: `unix://${proxy.path}` } } });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.down();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the engine down with what to do, reconnects when it is back, and notices when it goes again', async () => {
    const statuses = () => h.events.flatMap((e) => (e.type === 'engine' ? [e.status] : []));
    expect(h.supervisor.engineStatus().state).toBe('down');
    const down = statuses()[0] as Extract<EngineStatus, { state: 'down' }>;
    expect(down.message).toContain(proxy.path);
    expect(down.hint).toMatch(/DOCKER_HOST/);

    const failed = await h.supervisor.pull('busybox:latest').catch((e: unknown) => e);
    expect((failed as ContainerError).code).toBe('engine_unavailable');

    await proxy.up();
    await waitFor(() => h.supervisor.engineStatus().state === 'up');
    expect(statuses().at(-1)).toMatchObject({ state: 'up', info: { endpoint: proxy.path } });

    await proxy.down();
    await waitFor(() => h.supervisor.engineStatus().state === 'down');
    await proxy.up();
    await waitFor(() => h.supervisor.engineStatus().state === 'up');
    expect(statuses().map((s) => s.state)).toEqual(['down', 'up', 'down', 'up']);
  }, 30_000);

  it('connectDocker lists each place it tried when nothing answers', async () => {
    const none = (await connectDocker({ env: { DOCKER_HOST: `unix://${join(dir, 'nothing.sock')}` } }).catch((e: unknown) => e)) as ContainerError;
    expect(none.code).toBe('engine_unavailable');
    expect(none.message).toContain('nothing.sock: not found');
    expect(none.hint).toMatch(/unset DOCKER_HOST/);
  });

  it('the default endpoint search finds the running engine', async () => {
    const engine = new DockerEngine({ env: {} });
    const info = await engine.ping();
    expect(info.endpoint).toBe('/var/run/docker.sock');
    expect(info.apiVersion).toMatch(/^1\.\d+$/);
  });
});

async function waitFor(probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
