import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DnsHostResolver } from '../../../src/main/adapters/dns/dns-host-resolver';
import { FsModelStore } from '../../../src/main/adapters/fs/model-store';
import { createResourceHttp } from '../../../src/main/adapters/http/resource-http';
import { ModelCache } from '../../../src/main/core/resources/model-cache';
import { parseModelResources } from '../../../src/main/core/resources/model-resource';
import type { ModelVolumes } from '../../../src/main/core/resources/ports';
import { SourceClient } from '../../../src/main/core/resources/source-client';
import { mountOpResources } from '../../../src/main/core/resources/op-resources';
import { ManualClock, RecordingEvents, RecordingLogger } from '../../support/core-fakes';
import { FakeModelServer } from '../../support/resources/fake-model-server';

/** Names the volume of an entry; the Docker volumes themselves are exercised in tests/integration/docker. */
class NamingVolumes implements ModelVolumes {
  readonly removed: string[] = [];
  async ensure(key: string) {
    return `gridhost-model-${key}`;
  }
  async remove(key: string) {
    this.removed.push(key);
  }
}

describe('the model cache against a local HF/S3 server and real files', () => {
  let server: FakeModelServer;
  let dir: string;
  let events: RecordingEvents;
  let volumes: NamingVolumes;
  let clock: ManualClock;
  let budget: number;
  let cache: ModelCache;
  const never = new AbortController().signal;

  beforeEach(async () => {
    server = new FakeModelServer();
    server.addRepo('acme/tiny', { 'config.json': { content: '{"layers":2}' }, 'weights/model.bin': { content: 'W'.repeat(4000), lfs: true } });
    server.addRepo('acme/other', { 'model.bin': { content: 'O'.repeat(3000), lfs: true } });
    server.addBucket('models', { 'llama/a.gguf': 'A'.repeat(2000), 'llama/b.txt': 'bee' });
    await server.start();
    dir = await mkdtemp(join(tmpdir(), 'gridhost-models-'));
    events = new RecordingEvents();
    volumes = new NamingVolumes();
    clock = new ManualClock();
    budget = 1_000_000;
    const base = server.url;
    const endpoints = () => ({ hfEndpoint: base, s3Endpoint: base });
    cache = new ModelCache({
      store: new FsModelStore(dir),
      volumes,
      sources: new SourceClient(createResourceHttp(), new DnsHostResolver(), endpoints),
      events,
      clock,
      logger: new RecordingLogger(),
      budgetBytes: () => budget,
    });
  });

  afterEach(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const hf = (repo: string, target = '/models/m') => parseModelResources([{ type: 'HF', repo, target }]);

  it('fetches a repository once, with progress, and the next job finds it in the cache', async () => {
    const first = await cache.prepare('job-1', 'run', hf('acme/tiny'), never);
    expect(first.volumes).toEqual([{ name: expect.stringMatching(/^gridhost-model-m-[0-9a-f]{32}$/), target: '/models/m' }]);
    const folder = join(dir, first.volumes[0]!.name.replace('gridhost-model-', ''));
    expect(await readFile(join(folder, 'weights/model.bin'), 'utf8')).toBe('W'.repeat(4000));
    expect(await readFile(join(folder, 'config.json'), 'utf8')).toBe('{"layers":2}');
    const progress = events.of('jobs.resource.progress');
    expect(progress[0]).toMatchObject({ jobId: 'job-1', opId: 'run', resource: 'HF acme/tiny@main', state: 'downloading', totalBytes: 4012 });
    expect(progress.at(-1)).toMatchObject({ state: 'ready', receivedBytes: 4012 });
    first.release();

    await cache.prepare('job-2', 'run', hf('acme/tiny'), never);
    expect(server.gets('/acme/tiny/resolve/main/weights/model.bin')).toBe(1);
    expect(events.of('jobs.resource.progress').filter((p) => p.jobId === 'job-2').map((p) => p.state)).toEqual(['ready']);
    expect(await readdir(join(dir, '.partial'))).toEqual([]);
  });

  it('fetches S3 objects listed under a prefix', async () => {
    const [resource] = parseModelResources([{ type: 'S3', url: 's3://models/llama', target: '/models/llama' }]);
    const prepared = await cache.prepare('job-1', 'run', [resource!], never);
    const folder = join(dir, resource!.key);
    expect(prepared.volumes[0]!.target).toBe('/models/llama');
    expect(await readFile(join(folder, 'a.gguf'), 'utf8')).toBe('A'.repeat(2000));
    expect(await readFile(join(folder, 'b.txt'), 'utf8')).toBe('bee');
  });

  it('fails a job whose repository does not exist with the reason, as the job\'s fault', async () => {
    const mounts = await mountOpResources(cache, 'job-1', { id: 'run', args: { resources: [{ type: 'HF', repo: 'acme/missing', target: '/models/m' }] } }, never);
    expect(mounts).toEqual({ ok: false, stopped: false, failure: { fault: 'job', cause: expect.stringContaining('The Hugging Face repository acme/missing@main does not exist (HTTP 404)') } });
    expect(events.of('jobs.resource.progress').at(-1)).toMatchObject({ state: 'failed', message: expect.stringContaining('HTTP 404') });
  });

  it("blames the host when the source cannot be reached", async () => {
    await server.stop();
    server = new FakeModelServer();
    const mounts = await mountOpResources(cache, 'job-1', { id: 'run', args: { resources: [{ type: 'HF', repo: 'acme/tiny', target: '/m' }] } }, never);
    expect(mounts).toMatchObject({ ok: false, failure: { fault: 'host', cause: expect.stringContaining('could not reach 127.0.0.1') } });
  });

  it('evicts the least recently used model to stay under the budget, never one in use', async () => {
    budget = 8000;
    const tiny = await cache.prepare('job-1', 'run', hf('acme/tiny'), never);
    tiny.release();
    clock.t += 1000;
    const [s3] = parseModelResources([{ type: 'S3', url: 's3://models/llama', target: '/s3' }]);
    const held = await cache.prepare('job-2', 'run', [s3!], never);
    clock.t += 1000;
    // 4012 + 2003 + 3000 > 8000: the least recently used (acme/tiny) goes; the S3 model is in use and stays.
    await cache.prepare('job-3', 'run', hf('acme/other'), never);
    const tinyKey = hf('acme/tiny')[0]!.key;
    expect(volumes.removed).toEqual([tinyKey]);
    expect(await readdir(dir)).not.toContain(tinyKey);
    expect(await readdir(dir)).toContain(s3!.key);
    held.release();
    await cache.prepare('job-4', 'run', hf('acme/tiny'), never);
    expect(server.gets('/acme/tiny/resolve/main/weights/model.bin')).toBe(2);
  });

  it('refuses a model larger than the whole budget as the job\'s fault', async () => {
    budget = 1000;
    const mounts = await mountOpResources(cache, 'job-1', { id: 'run', args: { resources: [{ type: 'HF', repo: 'acme/tiny', target: '/m' }] } }, never);
    expect(mounts).toMatchObject({ ok: false, failure: { fault: 'job', cause: expect.stringContaining('resources.cacheGiB') } });
  });
});
