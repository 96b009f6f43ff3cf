import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsHostResolver } from '../../src/main/adapters/dns/dns-host-resolver';
import { DockerEngine } from '../../src/main/adapters/docker/docker-engine';
import { RotatingJobLogFiles } from '../../src/main/adapters/logs/rotating-job-log-files';
import { ContainerSupervisor } from '../../src/main/core/containers/container-supervisor';
import { ImageCache } from '../../src/main/core/containers/image-cache';
import type { JsonDocumentStore, Logger } from '../../src/main/core/ports';
import { systemClock } from '../../src/main/core/ports';
import { defaultSettings } from '../../src/shared/settings';

export const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const memoryDoc: JsonDocumentStore = { read: async () => null, write: async () => undefined, quarantine: async () => '' };

/**
 * A container supervisor over the real Docker engine, as the host builds it, with small limits and its own log
 * folder (and a local port proxy image, when given: no registry is needed); started, with what an earlier run of `hostId` left removed. `close()` removes its containers and logs.
 */
export async function benchSupervisor(hostId: string, logBytes: number, portProxyImage?: string) {
  const settings = { ...defaultSettings().containers, memoryMiB: 512, cpus: 1 };
  const logDir = await mkdtemp(join(tmpdir(), 'gridhost-bench-'));
  const engine = new DockerEngine();
  const supervisor = new ContainerSupervisor({
    engine,
    hostId,
    logFiles: new RotatingJobLogFiles(logDir, logBytes),
    imageCache: new ImageCache(engine, engine, memoryDoc, () => settings.imageCacheGiB, systemClock, quiet),
    settings: () => settings,
    logger: quiet,
    clock: systemClock,
    onEvent: () => undefined,
    registryResolver: new DnsHostResolver(),
    portProxyImage,
  });
  await supervisor.start();
  await supervisor.reconcile([]);
  return {
    supervisor,
    settings,
    async close() {
      await supervisor.reconcile([]);
      supervisor.close();
      await rm(logDir, { recursive: true, force: true });
    },
  };
}
