import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DockerEngine } from '../../../src/main/adapters/docker/docker-engine';
import { ContainerError } from '../../../src/main/core/containers/errors';
import type { PullMessage } from '../../../src/main/core/containers/ports';
import type { PullProgress } from '../../../src/main/core/containers/pull-progress';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, uniqueJob, type Harness } from '../containers/harness';
import { startTestRegistry, type TestRegistry } from './test-registry';

const hasDocker = await dockerAvailable();
const run = promisify(execFile);

async function removeImage(ref: string): Promise<void> {
  await run('docker', ['image', 'rm', '-f', ref]).catch(() => undefined);
}

describe.skipIf(!hasDocker)('pulling images from a registry (a local test registry over real HTTP)', () => {
  let registry: TestRegistry;
  let h: Harness;
  const logged: string[] = [];

  beforeAll(async () => {
    registry = await startTestRegistry();
    // The test registry is on 127.0.0.1, which a pull is refused for unless the owner allows it: these tests do.
    h = await createHarness({ logger: (line) => logged.push(line), settings: { allowedRegistries: [registry.host] } });
    for (const repo of ['public', 'private', 'corrupt'] as const) await removeImage(registry.ref(repo));
  });
  afterAll(async () => {
    await h?.close();
    for (const repo of ['public', 'private', 'corrupt'] as const) await removeImage(registry.ref(repo));
    await registry?.close();
  });

  it('refuses a registry on this computer unless it is allowed in settings: the engine never contacts it', async () => {
    const strict = await createHarness();
    try {
      const before = registry.requests;
      const err = (await strict.supervisor.run({ jobId: uniqueJob('ssrf'), opId: 'main', image: registry.ref('public') }).catch((e: unknown) => e)) as ContainerError;
      expect(err).toBeInstanceOf(ContainerError);
      expect(err.code).toBe('forbidden');
      expect(err.message).toContain(registry.host);
      expect(err.hint).toMatch(/containers\.allowedRegistries/);
      expect(registry.requests).toBe(before);
      expect(await strict.engine.inspectImage(registry.ref('public'))).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it('reports one progress figure summed over the layers and records the manifest digest', async () => {
    const pulled = await h.supervisor.pull(registry.ref('public'));
    expect(pulled.digest).toBe(registry.manifestDigest('public'));
    expect(pulled.imageId).toMatch(/^sha256:/);

    const progress = h.events.flatMap((e) => (e.type === 'pull' && e.reference === registry.ref('public') ? [e.progress] : []));
    expect(progress.length).toBeGreaterThan(2);
    const last = progress[progress.length - 1] as PullProgress;
    expect(last).toMatchObject({ layers: 2, layersDone: 2, percent: 100 });
    const sizes = registry.layerSizes('public');
    expect(last.totalBytes).toBe(sizes[0]! + sizes[1]!);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress.some((p) => p.percent > 0 && p.percent < 100)).toBe(true);
  });

  it('a missing image is image_not_found, with what to check', async () => {
    const err = (await h.supervisor.pull(registry.ref('missing')).catch((e: unknown) => e)) as ContainerError;
    expect(err.code).toBe('image_not_found');
    expect(err.hint).toMatch(/image name and tag/);
    const noTag = (await h.supervisor.pull(registry.ref('public', 'nope')).catch((e: unknown) => e)) as ContainerError;
    expect(noTag.code).toBe('image_not_found');
  });

  it('detects an error the engine reports inside the stream after answering 200', async () => {
    const engine = new DockerEngine();
    await engine.ping();
    const messages: PullMessage[] = [];
    // The adapter itself does not throw: the failure is only in the stream...
    await engine.pull(registry.ref('corrupt'), null, (m) => messages.push(m));
    expect(messages.some((m) => m.error)).toBe(true);
    // ...and the supervisor turns it into an error.
    const err = (await h.supervisor.pull(registry.ref('corrupt')).catch((e: unknown) => e)) as ContainerError;
    expect(err.code).toBe('pull_failed');
    expect(err.message).toMatch(/verification failed|digest/i);
  });

  it('uses a job\'s registry credentials for that pull only, and never logs them', async () => {
    const denied = (await h.supervisor.pull(registry.ref('private')).catch((e: unknown) => e)) as ContainerError;
    expect(denied.code).toBe('unauthorized');

    expect(registry.credentialUses).toBe(0);
    const pulled = await h.supervisor.pull(registry.ref('private'), { username: registry.username, password: registry.password });
    expect(pulled.digest).toBe(registry.manifestDigest('private'));
    expect(registry.credentialUses).toBeGreaterThan(0);

    // The next pull without credentials is refused again: nothing was kept.
    const used = registry.credentialUses;
    const again = (await h.supervisor.pull(registry.ref('private')).catch((e: unknown) => e)) as ContainerError;
    expect(again.code).toBe('unauthorized');
    expect(registry.credentialUses).toBe(used);

    const everything = JSON.stringify(h.events) + logged.join('\n') + String(denied.describe()) + String(again.describe());
    expect(everything).not.toContain(registry.password);
    expect(everything).not.toContain(Buffer.from(`${registry.username}:${registry.password}`).toString('base64'));
  });
});
