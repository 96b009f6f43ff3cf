import { z } from 'zod';
import { event, request } from './define';
import { AmountSchema } from './wallet';

/*
 * The grid domain: enrollment in the test grid, the queue, the job in flight, and the per-job ledger that
 * the Jobs and Earnings pages show. Money crosses the API as decimal strings of integer micro-NOS (as in the
 * wallet domain); durations as whole seconds.
 */

const NoParams = z.object({}).strict();

export const EnrollmentStateSchema = z.object({
  /** `unenrolled`: the grid does not know this machine yet. */
  status: z.enum(['unenrolled', 'waitlisted', 'onboarded', 'rejected']),
  /** The market the machine is placed in (or would be, while waitlisted). */
  market: z.string().nullable(),
  /** Why it is waitlisted or rejected, from the grid, for the owner. */
  reason: z.string().nullable(),
  enrolledAt: z.iso.datetime().nullable(),
  reviewedAt: z.iso.datetime().nullable(),
});
export type EnrollmentState = z.infer<typeof EnrollmentStateSchema>;

export const QueuePositionSchema = z.object({
  market: z.string(),
  queued: z.boolean(),
  /** 1 is next; null when not queued. */
  position: z.number().int().positive().nullable(),
  queueLength: z.number().int().nonnegative(),
});

export const CurrentJobSchema = z.object({
  jobId: z.string(),
  runId: z.string(),
  market: z.string(),
  startedAt: z.iso.datetime(),
  /** Gross pay per second, micro-NOS. */
  pricePerSecond: AmountSchema,
  /** Pay stops growing after this many seconds. */
  timeoutSeconds: z.number().int().positive(),
});
export type CurrentJob = z.infer<typeof CurrentJobSchema>;

export const GridSnapshotSchema = z.object({
  /** The grid this host talks to (settings: grid.url). */
  gridUrl: z.string(),
  /** The version of the test-grid terms an enrollment accepts, and their text (one point per line). */
  termsVersion: z.string(),
  terms: z.array(z.string()),
  /** Null until the grid has been asked once. */
  enrollment: EnrollmentStateSchema.nullable(),
  queue: QueuePositionSchema.nullable(),
  job: CurrentJobSchema.nullable(),
  /** The last problem talking to the grid, in the owner's words; null when the last call went well. */
  problem: z.string().nullable(),
});
export type GridSnapshot = z.infer<typeof GridSnapshotSchema>;

/** One job this host ran, with what it earned (gross, before electricity). */
export const JobRecordSchema = z.object({
  runId: z.string(),
  jobId: z.string(),
  market: z.string(),
  outcome: z.enum(['finished', 'quit', 'failed', 'expired']),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  secondsRun: z.number().int().nonnegative(),
  /** min(secondsRun, the job's timeout). */
  secondsPaid: z.number().int().nonnegative(),
  pricePerSecond: AmountSchema,
  /** Gross pay, micro-NOS: pricePerSecond x secondsPaid. */
  gross: AmountSchema,
  status: z.enum(['pending', 'settled']),
  settledAt: z.iso.datetime().nullable(),
  /** Exit code of the job's last op, when it ran to the end. */
  exitCode: z.number().int().nullable(),
  /** Why it ended early, for the owner. */
  note: z.string().nullable(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/** Where the next older page starts: pass it as `before`; null when the page holds the oldest rows. */
const NextBeforeSchema = z.string().nullable();

/** A page of the ledger: `limit` rows (50 when absent, at most 500) older than the cursor `before` (the newest when absent). */
export const LedgerPageParamsSchema = z
  .object({
    limit: z.number().int().min(1).max(500).optional(),
    /** A `nextBefore` this host returned. */
    before: z.string().max(100).optional(),
  })
  .strict();
export type LedgerPageParams = z.infer<typeof LedgerPageParamsSchema>;

export const JobsSnapshotSchema = z.object({
  current: CurrentJobSchema.nullable(),
  /** One page, newest first (events carry the newest page). */
  history: z.array(JobRecordSchema),
  nextBefore: NextBeforeSchema,
});
export type JobsSnapshot = z.infer<typeof JobsSnapshotSchema>;

export const EarningsSnapshotSchema = z.object({
  /** One page, newest first (events carry the newest page). */
  entries: z.array(JobRecordSchema),
  nextBefore: NextBeforeSchema,
  /** Gross totals, micro-NOS. */
  totals: z.object({ pending: AmountSchema, settled: AmountSchema }),
  /** Set when the grid could not be read and these figures are the last known ones. */
  problem: z.string().nullable(),
});
export type EarningsSnapshot = z.infer<typeof EarningsSnapshotSchema>;

export const gridRequests = {
  'grid.snapshot': request('Enrollment, queue and job in flight as last known (asks nothing of the grid).', NoParams, GridSnapshotSchema),
  'grid.refresh': request('Ask the grid for this machine\'s enrollment status now.', NoParams, GridSnapshotSchema),
  'grid.enroll': request(
    'Enroll in the test grid: the owner accepts the terms, optionally leaves an email, and submits a finished benchmark, signed by the node key.',
    z
      .object({
        acceptTerms: z.literal(true),
        termsVersion: z.string().max(32),
        contactEmail: z.email().max(254).nullable().default(null),
        /** A finished benchmark's id (gpu.snapshot history); null takes the newest. */
        benchmarkId: z.string().max(128).nullable().default(null),
      })
      .strict(),
    GridSnapshotSchema,
  ),
  'grid.sharing.start': request('Start taking jobs (join the queue), checking the machine first when paused.', NoParams, GridSnapshotSchema),
  'grid.sharing.pause': request('Stop taking jobs: the job in flight is quit (paid for its seconds) and the host leaves the queue.', NoParams, GridSnapshotSchema),
  'jobs.list': request('The job in flight and a page of the jobs this host ran, newest first.', LedgerPageParamsSchema, JobsSnapshotSchema),
  'earnings.list': request(
    'A page of per-job gross earnings, pending and settled, and the totals; the first page reads the grid first (or shows the last known figures).',
    LedgerPageParamsSchema,
    EarningsSnapshotSchema,
  ),
};

export const gridEvents = {
  'grid.changed': event('Enrollment, queue or job in flight changed.', GridSnapshotSchema),
  'jobs.changed': event('A job started or ended.', JobsSnapshotSchema),
  'earnings.changed': event('The earnings ledger changed.', EarningsSnapshotSchema),
};
