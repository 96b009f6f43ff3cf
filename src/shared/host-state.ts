import { z } from 'zod';

/** The host loop's states (docs/architecture.md, "The host loop"). */
export const HOST_STATES = [
  'starting',
  'preflight',
  'unenrolled',
  'waitlisted',
  'ready',
  'queued',
  'running',
  'settling',
  'paused',
  'error',
] as const;

export const HostStateNameSchema = z.enum(HOST_STATES);
export type HostStateName = z.infer<typeof HostStateNameSchema>;

export const RunningJobSchema = z.object({
  id: z.string(),
  market: z.string(),
  startedAt: z.iso.datetime(),
});

export const HostStatusSchema = z.object({
  state: HostStateNameSchema,
  /** When the host entered this state (ISO 8601). */
  since: z.iso.datetime(),
  /** Why the host is paused, in error, or rejected; null otherwise. Written for the owner. */
  reason: z.string().nullable(),
  /** When an error state retries (ISO 8601), or null. */
  retryAt: z.iso.datetime().nullable(),
  /** The market the host is in, once known. */
  market: z.string().nullable(),
  /** The job being run or settled, or null. */
  job: RunningJobSchema.nullable(),
});

export type HostStatus = z.infer<typeof HostStatusSchema>;
export type RunningJob = z.infer<typeof RunningJobSchema>;
