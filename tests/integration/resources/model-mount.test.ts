import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsHostResolver } from '../../../src/main/adapters/dns/dns-host-resolver';
import { DockerModelVolumes } from '../../../src/main/adapters/docker/docker-model-volumes';
import { FsModelStore } from '../../../src/main/adapters/fs/model-store';
import { createResourceHttp } from '../../../src/main/adapters/http/resource-http';
import { containerSpecForOp } from '../../../src/main/core/jobs/container-spec-for-op';
import { ModelCache } from '../../../src/main/core/resources/model-cache';
import { mountOpResources, withResourceVolumes } from '../../../src/main/core/resources/op-resources';
import { SourceClient } from '../../../src/main/core/resources/source-client';
import { ManualClock, RecordingEvents, RecordingLogger } from '../../support/core-fakes';
import { ensureTestImage } from '../../support/docker-images';
import { dockerAvailable } from '../../support/requirements';
import { FakeModelServer } from '../../support/resources/fake-model-server';
import { createHarness, uniqueJob, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();

describe.skipIf(!hasDocker)('a model resource mounted into a job container on the real Docker engine', () => {
  let image: string;
  let h: Harness;
  let server: FakeModelServer;
  let dir: string;
  let cache: ModelCache;
  let volumes: DockerModelVolumes;

  beforeAll(async () => {
    image = await ensureTestImage();
    h = await createHarness();
    server = new FakeModelServer();
    server.addRepo('acme/tiny', { 'config.json': { content: 'tiny-model-config' }, 'model.bin': { content: 'M'.repeat(2048), lfs: true } });
    await server.start();
    dir = await mkdtemp(join(tmpdir(), 'gridhost-models-'));
    volumes = new DockerModelVolumes(h.engine, h.hostId);
    const base = server.url;
    cache = new ModelCache({
      store: new FsModelStore(dir),
      volumes,
      sources: new SourceClient(createResourceHttp(), new DnsHostResolver(), () => ({ hfEndpoint: base, s3Endpoint: base })),
      events: new RecordingEvents(),
      clock: new ManualClock(),
      logger: new RecordingLogger(),
      budgetBytes: () => 1_000_000,
    });
  });
  afterAll(async () => {
    await h?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets the op read the model file and not write to it', async () => {
    const jobId = uniqueJob('model');
    const definition = {
      version: '0.1' as const,
      type: 'container' as const,
      ops: [
        {
          type: 'container/run' as const,
          id: 'main',
          args: {
            image,
            cmd: ['sh', '-c', 'cat /models/tiny/config.json; echo; (echo x > /models/tiny/config.json) 2>/dev/null && echo writable || echo read-only'],
            resources: [{ type: 'HF' as const, repo: 'acme/tiny', target: '/models/tiny' }],
          },
        },
      ],
    };
    const op = definition.ops[0]!;
    const mounts = await mountOpResources(cache, jobId, op, new AbortController().signal);
    if (!mounts.ok) throw new Error(`not mounted: ${mounts.failure?.cause}`);
    try {
      const running = await h.supervisor.run(withResourceVolumes(containerSpecForOp(jobId, definition, op), mounts.volumes));
      expect(await running.exited).toEqual({ exitCode: 0, oomKilled: false });
      const lines = h.supervisor.logs(jobId, 'main').map((l) => l.text);
      expect(lines).toContain('tiny-model-config');
      expect(lines).toContain('read-only');
      await h.supervisor.stop(jobId, 'main');
    } finally {
      mounts.release();
      await volumes.remove(mounts.volumes[0]!.name.replace(`gridhost-model-${h.hostId}-`, ''));
    }
  });

  it('gives two installations on one engine their own volume for the same model, each bound to its own folder', async () => {
    const other = await createHarness();
    const otherVolumes = new DockerModelVolumes(other.engine, other.hostId);
    const [mine, theirs] = [await mkdtemp(join(tmpdir(), 'gridhost-mine-')), await mkdtemp(join(tmpdir(), 'gridhost-theirs-'))];
    const key = 'm-0123456789abcdef0123456789abcdef';
    try {
      const [a, b] = [await volumes.ensure(key, mine), await otherVolumes.ensure(key, theirs)];
      expect(a).not.toBe(b);
      const listed = await h.engine.listVolumes({ 'gridhost.host': h.hostId });
      expect(listed.map((v) => v.name)).toContain(a);
      expect(listed.map((v) => v.name)).not.toContain(b);
      // Removing one installation's entry leaves the other's volume in place.
      await volumes.remove(key);
      expect(await h.engine.volumeExists(a)).toBe(false);
      expect(await h.engine.volumeExists(b)).toBe(true);
    } finally {
      await otherVolumes.remove(key).catch(() => undefined);
      await other.close();
      await rm(mine, { recursive: true, force: true });
      await rm(theirs, { recursive: true, force: true });
    }
  });
});
