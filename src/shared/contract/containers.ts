import { z } from 'zod';
import { event, request } from './define';

/*
 * The containers domain: the container engine's state, the job containers running now, their recent output,
 * and the image cache. The supervisor in src/main/core/containers is the one source of these shapes.
 */

const NoParams = z.object({}).strict();
const Id = z.string().min(1).max(128);

export const EngineStatusSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('up'),
    info: z.object({ product: z.string(), version: z.string(), apiVersion: z.string(), endpoint: z.string() }),
  }),
  /** `message` says what failed and why, `hint` what the owner should do. */
  z.object({ state: z.literal('down'), message: z.string(), hint: z.string() }),
  z.object({ state: z.literal('unknown') }),
]);
export type EngineStatusData = z.infer<typeof EngineStatusSchema>;

export const RunningContainerSchema = z.object({
  jobId: z.string(),
  opId: z.string(),
  containerId: z.string(),
  name: z.string(),
  image: z.string(),
  /** `sha256:...` of the manifest, when the image came from a registry. */
  digest: z.string().nullable(),
  /** Host port on 127.0.0.1 for each exposed `port/tcp`. */
  hostPorts: z.record(z.string(), z.number().int()),
});
export type RunningContainer = z.infer<typeof RunningContainerSchema>;

export const ContainerLogLineSchema = z.object({ stream: z.enum(['stdout', 'stderr']), text: z.string() });
export type ContainerLogLine = z.infer<typeof ContainerLogLineSchema>;

export const PullProgressSchema = z.object({
  layers: z.number().int().nonnegative(),
  layersDone: z.number().int().nonnegative(),
  downloadedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
  percent: z.number().min(0).max(100),
});

export const ImageCacheUsageSchema = z.object({
  totalBytes: z.number().nonnegative(),
  budgetBytes: z.number().nonnegative(),
  images: z.array(
    z.object({
      reference: z.string(),
      sizeBytes: z.number().nonnegative(),
      /** ISO time of the last job that used it; null for the benchmark image when no job has. */
      lastUsedAt: z.string().nullable(),
      /** The benchmark image is never removed to make room. */
      pinned: z.boolean(),
    }),
  ),
});
export type ImageCacheUsage = z.infer<typeof ImageCacheUsageSchema>;

const OpRef = { jobId: z.string(), opId: z.string(), containerId: z.string() };

/** An exposed service of a running job, relayed through the grid (docs/grid-protocol.md, "Service relay"). */
export const RelayedServiceSchema = z.object({
  jobId: z.string(),
  opId: z.string(),
  port: z.number().int(),
  type: z.enum(['web', 'api', 'webapi', 'websocket', 'none']),
  /** `starting` until its health checks pass; `failed` with the reason. */
  health: z.enum(['starting', 'up', 'failed']),
  /** Requests that reached the service through the grid. */
  requests: z.number().int().nonnegative(),
  reason: z.string().nullable(),
});
export type RelayedService = z.infer<typeof RelayedServiceSchema>;

export const containersRequests = {
  'services.list': request(
    'The exposed services of the running jobs: their health and how many requests went through the grid to them.',
    NoParams,
    z.object({ services: z.array(RelayedServiceSchema) }),
  ),
  'containers.status': request(
    'The container engine state and the job containers running now.',
    NoParams,
    z.object({ engine: EngineStatusSchema, running: z.array(RunningContainerSchema) }),
  ),
  'containers.engine.reconnect': request('Try to reach the container engine again now.', NoParams, EngineStatusSchema),
  'containers.logs': request(
    'The most recent output lines of a job container (kept in memory, at most 1 MiB per container).',
    z.object({ jobId: Id, opId: Id, maxLines: z.number().int().min(1).max(5000).default(500) }).strict(),
    z.object({ lines: z.array(ContainerLogLineSchema) }),
  ),
  'containers.cache': request('How much disk the cached job images use, against the budget in settings.', NoParams, ImageCacheUsageSchema),
};

export const containersEvents = {
  'containers.engine': event('The container engine came up or went down.', EngineStatusSchema),
  'containers.pull.progress': event(
    'Progress of an image pull, summed over its layers.',
    z.object({ reference: z.string(), progress: PullProgressSchema }),
  ),
  'containers.log': event(
    'New output of a job container, batched; `skippedBytes` were left out to keep clients responsive (they are in the job log file).',
    z.object({ jobId: z.string(), opId: z.string(), entries: z.array(ContainerLogLineSchema), skippedBytes: z.number().int().nonnegative() }),
  ),
  'containers.started': event(
    'A job container started.',
    z.object({ ...OpRef, hostPorts: z.record(z.string(), z.number().int()) }),
  ),
  'containers.exit': event(
    'A job container finished: its exit code and whether the kernel killed it for memory.',
    z.object({ ...OpRef, exitCode: z.number().int(), oomKilled: z.boolean(), ranMs: z.number().nonnegative() }),
  ),
  'containers.die': event('The engine reports that a container of ours died.', z.object({ ...OpRef, exitCode: z.number().int().nullable() })),
  'containers.oom': event('The kernel killed a process in a container of ours for memory.', z.object(OpRef)),
};
