import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsHostResolver } from '../../../src/main/adapters/dns/dns-host-resolver';
import { DockerModelVolumes } from '../../../src/main/adapters/docker/docker-model-volumes';
import { FsModelStore } from '../../../src/main/adapters/fs/model-store';
import { createResourceHttp } from '../../../src/main/adapters/http/resource-http';
import type { GridParts } from '../../../src/main/core/grid/grid-parts';
import type { HostLoop } from '../../../src/main/core/host/host-loop';
import { systemClock } from '../../../src/main/core/ports';
import { ModelCache } from '../../../src/main/core/resources/model-cache';
import { SourceClient } from '../../../src/main/core/resources/source-client';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { RecordingEvents, RecordingLogger } from '../../support/core-fakes';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { buildGridHost, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { dockerAvailable } from '../../support/requirements';
import { FakeModelServer } from '../../support/resources/fake-model-server';
import { createHarness, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();

describe.skipIf(!hasDocker)('model resources through the local grid, the host loop and real containers', () => {
  let dir: string;
  let grid: LocalGrid;
  let containers: Harness;
  let core: HostLoop;
  let services: GridParts;
  let image: string;
  let server: FakeModelServer;
  const events = new RecordingEvents();
  const signer = makeTestSigner();

  beforeAll(async () => {
    image = await ensureTestImage();
    dir = mkdtempSync(join(tmpdir(), 'gridhost-resource-loop-'));
    server = new FakeModelServer();
    server.addRepo('acme/tiny', { 'config.json': { content: 'tiny-model-config' }, 'model.bin': { content: 'M'.repeat(4096), lfs: true } });
    await server.start();
    const base = server.url;
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
    containers = await createHarness();
    const resources = new ModelCache({
      store: new FsModelStore(join(dir, 'models')),
      volumes: new DockerModelVolumes(containers.engine, containers.hostId),
      sources: new SourceClient(createResourceHttp(), new DnsHostResolver(), () => ({ hfEndpoint: base, s3Endpoint: base })),
      events,
      clock: systemClock,
      logger: new RecordingLogger(),
      budgetBytes: () => 1024 ** 3,
    });
    ({ host: core, grid: services } = buildGridHost({ url: () => grid.url, signer, runner: containers.supervisor, resources, dataDir: dir, loop: { waitMs: 500, heartbeatMs: 500 }, sharing: 'always' }));
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    // The model volumes this test's installation made (their folders go with `dir`).
    for (const volume of (await containers?.engine.listVolumes({ 'gridhost.host': containers.hostId })) ?? []) await containers.engine.removeVolume(volume.name);
    await containers?.close();
    await grid?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fetches a model for the first job, mounts it read-only, and the next job uses the cached copy', async () => {
    const definition = {
      version: '0.1',
      type: 'container',
      ops: [
        {
          type: 'container/run',
          id: 'read',
          args: {
            image,
            cmd: 'cat /models/tiny/config.json; echo; (echo x > /models/tiny/model.bin) 2>/dev/null && echo writable || echo read-only',
            resources: [{ type: 'HF', repo: 'acme/tiny', target: '/models/tiny' }],
          },
        },
      ],
    };
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
    grid.transaction(() => grid.coordinator.postJob({ market: 'cpu-dev', definition }));
    grid.transaction(() => grid.coordinator.postJob({ market: 'cpu-dev', definition }));
    await core.start();
    await until(() => services.ledger.list().entries.length >= 2, 'both jobs to settle', 60_000);

    const entries = services.ledger.list().entries;
    expect(entries.map((e) => e.outcome)).toEqual(['finished', 'finished']);
    const runs = snapshotDatabase(join(dir, 'grid.sqlite')).runs as { results_json: string | null }[];
    for (const run of runs) {
      const logTail = (JSON.parse(run.results_json!) as { logTail: string }).logTail;
      expect(logTail).toContain('tiny-model-config');
      expect(logTail).toContain('read-only');
    }
    expect(server.gets('/acme/tiny/resolve/main/model.bin')).toBe(1);
    const states = events.of('jobs.resource.progress').map((p) => p.state);
    expect(states[0]).toBe('downloading');
    expect(states.filter((s) => s === 'ready')).toHaveLength(2);
  }, 90_000);
});
