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

/**
 * What a state means to the owner, in one word. Every page and command decides with this, never with its own
 * list of states:
 * - `checking`: starting up or checking the machine;
 * - `setup`: not enrolled, or on the waitlist: the grid has not onboarded the machine yet;
 * - `ready`: onboarded, not sharing;
 * - `queued`: in the market's queue, waiting for a job;
 * - `earning`: running a job, or reporting its results;
 * - `paused`: the owner (or a rule) paused sharing;
 * - `failing`: a problem stops the host; it tries again by itself.
 */
export type HostPhase = 'checking' | 'setup' | 'ready' | 'queued' | 'earning' | 'paused' | 'failing';

const PHASES: Record<HostStateName, HostPhase> = {
  starting: 'checking',
  preflight: 'checking',
  unenrolled: 'setup',
  waitlisted: 'setup',
  ready: 'ready',
  queued: 'queued',
  running: 'earning',
  settling: 'earning',
  paused: 'paused',
  error: 'failing',
};

export function hostPhase(state: HostStateName): HostPhase {
  return PHASES[state];
}

/** The grid has onboarded the machine and it is (or could be) sharing: ready, queued, earning or paused. */
export function isOnboardedPhase(phase: HostPhase): boolean {
  return phase === 'ready' || phase === 'queued' || phase === 'earning' || phase === 'paused';
}

/** Sharing is on: in the queue or running a job. */
export function isSharingPhase(phase: HostPhase): boolean {
  return phase === 'queued' || phase === 'earning';
}

/** Not busy with the grid (no queue, no job): a new enrollment status or grid address applies at once. */
export function isGridIdlePhase(phase: HostPhase): boolean {
  return phase === 'checking' || phase === 'setup' || phase === 'ready' || phase === 'failing';
}
