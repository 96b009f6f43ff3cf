import type { ServiceStatus } from '../../../../../src/main/core/relay/job-services';
import { describe, expect, it } from 'vitest';
import { ApiDispatcher } from '../../../../../src/main/core/api/dispatcher';
import { containersHandlers } from '../../../../../src/main/core/api/containers-handlers';
import type { ApiHandlers } from '../../../../../src/main/core/api/dispatcher';
import { publishContainerEvent } from '../../../../../src/main/core/containers/container-events';
import { ContainerSupervisor } from '../../../../../src/main/core/containers/container-supervisor';
import { ImageCache } from '../../../../../src/main/core/containers/image-cache';
import { SettingsService } from '../../../../../src/main/core/settings/settings-service';
import { events } from '../../../../../src/shared/contract';
import { ManualClock, MemoryDocumentStore, RecordingEvents, RecordingLogger } from '../../../../support/core-fakes';
import { FakeEngine } from '../containers/fake-engine';

function setup() {
  const engine = new FakeEngine();
  const logger = new RecordingLogger();
  const clock = new ManualClock();
  const sink = new RecordingEvents();
  const settings = new SettingsService(new MemoryDocumentStore(), logger, sink);
  const containers = new ContainerSupervisor({
    engine,
    hostId: 'h1',
    logFiles: { open: async () => ({ write: async () => undefined, close: async () => undefined }) },
    imageCache: new ImageCache(engine, engine, new MemoryDocumentStore(), () => 1, clock, logger),
    settings: () => ({ ...settings.get().containers, memoryMiB: 2048 }),
    logger,
    clock,
    onEvent: (e) => publishContainerEvent(sink, e),
    registryResolver: { resolve: async () => ['93.184.215.14'] },
  });
  const dispatcher = new ApiDispatcher(containersHandlers({ containers, relay: { list: () => relayed } }) as unknown as ApiHandlers, logger);
  return { engine, containers, settings, dispatcher, published: sink.published };
}

const relayed: ServiceStatus[] = [{ jobId: 'job-1', opId: 'serve', port: 8080, type: 'api', health: 'up', requests: 3, reason: null }];

describe('the containers API (dispatcher, handlers, events against the contract)', () => {
  it('lists the relayed services with their health and request count', async () => {
    const { dispatcher } = setup();
    expect(await dispatcher.dispatch('services.list', {})).toEqual({ ok: true, result: { services: relayed } });
    relayed[0]!.health = 'failed';
    relayed[0]!.reason = 'health check GET /health on port 8080 answered 500, expected 200';
    expect(await dispatcher.dispatch('services.list', {})).toMatchObject({ ok: true, result: { services: [{ health: 'failed', reason: expect.stringContaining('answered 500') }] } });
  });

  it('answers status, logs and cache with results the contract accepts', async () => {
    const { engine, containers, settings, dispatcher } = setup();
    await settings.load();
    await containers.start();
    engine.addImage('gridhost/benchmark:1', 300);
    const op = await containers.run({ jobId: 'job-1', opId: 'run', image: 'org/model:1', expose: [8000] });
    await engine.print(op.containerId, 'stdout', 'ready\n');

    const status = await dispatcher.dispatch('containers.status', {});
    expect(status).toMatchObject({
      ok: true,
      result: {
        engine: { state: 'up', info: { endpoint: 'memory' } },
        running: [{ jobId: 'job-1', opId: 'run', name: 'gridhost-job-1-run', image: 'org/model:1', hostPorts: { '8000/tcp': 40000 } }],
      },
    });
    expect(await dispatcher.dispatch('containers.logs', { jobId: 'job-1', opId: 'run' })).toEqual({
      ok: true,
      result: { lines: [{ stream: 'stdout', text: 'ready' }] },
    });
    const cache = await dispatcher.dispatch('containers.cache', {});
    // The job's image, the port proxy's (busybox, pulled for the exposed port) and the pinned benchmark image.
    expect(cache).toMatchObject({ ok: true, result: { totalBytes: 2300, budgetBytes: 1024 ** 3 } });
    expect(cache.ok && (cache.result as { images: Array<{ pinned: boolean }> }).images.map((i) => i.pinned).sort()).toEqual([false, false, true]);
    expect(await dispatcher.dispatch('containers.logs', { jobId: '../x', opId: 'run', maxLines: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
  });

  it('turns an engine failure of the cache into an error the owner can act on', async () => {
    const { engine, settings, containers, dispatcher } = setup();
    await settings.load();
    await containers.start();
    engine.goDown();
    const reply = await dispatcher.dispatch('containers.cache', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'engine_unavailable', message: expect.stringMatching(/down\. Start it\./) } });
  });

  it('publishes every supervisor event as a contract event that passes its schema', async () => {
    const { engine, containers, settings, published } = setup();
    await settings.load();
    await containers.start();
    engine.pullScript = [{ status: 'Downloading', id: 'a', progressDetail: { current: 5, total: 10 } }, { status: 'Pull complete', id: 'a' }];
    const op = await containers.run({ jobId: 'job-1', opId: 'run', image: 'org/model:1' });
    await engine.print(op.containerId, 'stderr', 'boom\n');
    engine.exit(op.containerId, 137, true);
    await op.exited;
    engine.goDown();
    const names = new Set(published.map(([name]) => name));
    for (const name of ['containers.engine', 'containers.pull.progress', 'containers.started', 'containers.log', 'containers.exit', 'containers.die', 'containers.oom']) {
      expect(names).toContain(name);
    }
    for (const [name, data] of published) {
      if (!name.startsWith('containers.')) continue;
      const schema = events[name as keyof typeof events].data;
      expect(schema.safeParse(data).success, `${name} ${JSON.stringify(data)}`).toBe(true);
    }
  });
});
