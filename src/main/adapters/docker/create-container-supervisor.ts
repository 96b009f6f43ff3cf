import { join } from 'node:path';
import { publishContainerEvent } from '../../core/containers/container-events';
import { hostIdOf } from '../../core/containers/container-names';
import { ContainerSupervisor } from '../../core/containers/container-supervisor';
import type { ContainerSettings } from '../../core/containers/hardened-config';
import { ImageCache } from '../../core/containers/image-cache';
import { RotatingJobLogFiles } from '../../core/containers/rotating-job-log-files';
import type { EventSink, JsonDocumentStore, Logger } from '../../core/ports';
import { systemClock } from '../../core/ports';
import type { DockerEngine } from './docker-engine';

/** Per-op log files: the newest 64 MiB of each container's output. */
const JOB_LOG_FILE_MAX_BYTES = 64 * 1024 * 1024;

export interface ContainerSupervisorOptions {
  dataDir: string;
  /** The engine connection, shared with the GPU probe and benchmark. */
  engine: DockerEngine;
  logger: Logger;
  /** Read at each use, so a settings change applies to the next container. */
  settings: () => ContainerSettings;
  /** Where events go; a function because HostCore (the sink) is built after the supervisor. */
  sink: () => EventSink;
  /** Opens the image cache's record (`<data>/image-cache.json`). */
  openDocument: (path: string) => JsonDocumentStore;
}

/**
 * The supervisor wired to the real engine (the dockerode adapter, endpoint from DOCKER_HOST or the platform
 * default), job log files under `<data>/logs/jobs`, and the image cache record in the data folder.
 */
export function createContainerSupervisor(options: ContainerSupervisorOptions): ContainerSupervisor {
  const engine = options.engine;
  const logger = options.logger.child({ component: 'containers' });
  return new ContainerSupervisor({
    engine,
    hostId: hostIdOf(options.dataDir),
    logFiles: new RotatingJobLogFiles(join(options.dataDir, 'logs', 'jobs'), JOB_LOG_FILE_MAX_BYTES),
    imageCache: new ImageCache(
      engine,
      options.openDocument(join(options.dataDir, 'image-cache.json')),
      () => options.settings().imageCacheGiB,
      systemClock,
      logger,
    ),
    settings: options.settings,
    logger: options.logger,
    clock: systemClock,
    onEvent: (event) => publishContainerEvent(options.sink(), event),
  });
}
