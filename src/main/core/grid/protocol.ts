import { z } from 'zod';

/**
 * The grid protocol's messages (docs/grid-protocol.md), one schema per message. The host's client and the
 * local grid both validate with these, so the two sides cannot drift.
 */

/** Current version of the test-grid terms an owner accepts at enrollment. */
export const GRID_TERMS_VERSION = '2026-01';

export const PROTOCOL_PREFIX = '/v1';
/** The protocol's version (docs/grid-protocol.md); 2 added `fail`, `endedAt` and the pay rule after an outage. */
export const PROTOCOL_VERSION = 2;
/**
 * The longest a host may go between heartbeats of a running job. The grid pays a run at most this long past
 * the last time it heard from the host (docs/grid-protocol.md, "Pay").
 */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** The most a signed request's timestamp may differ from the grid's clock. */
export const SIGNATURE_WINDOW_MS = 60_000;
/** Largest JSON body either side accepts. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
/** Longest long poll for a job. */
export const MAX_WAIT_MS = 30_000;
export const DEFAULT_WAIT_MS = 20_000;
/**
 * The longest timeout a market may set for its jobs (7 days). A job whose `timeoutSeconds` is longer is refused
 * by the host (quit with the reason) and never posted by the local grid.
 */
export const MAX_JOB_TIMEOUT_SECONDS = 7 * 24 * 3600;
/** Largest speed-test transfer, each way. */
export const MAX_SPEEDTEST_BYTES = 25 * 1024 * 1024;

export const HEADER_ADDRESS = 'x-gridhost-address';
export const HEADER_TIMESTAMP = 'x-gridhost-timestamp';
export const HEADER_SIGNATURE = 'x-gridhost-signature';

/** Integer micro-NOS on the wire: a JSON integer within the safe range. */
export const MicroNosSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const IsoSchema = z.iso.datetime();
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const MarketSchema = z.object({
  slug: Slug,
  name: z.string(),
  pricePerSecond: MicroNosSchema,
  jobTimeoutSeconds: z.number().int().positive(),
  queueLength: z.number().int().nonnegative(),
  pendingJobs: z.number().int().nonnegative(),
});
export type Market = z.infer<typeof MarketSchema>;
export const MarketListSchema = z.object({ markets: z.array(MarketSchema) });

export const BenchmarkReportSchema = z
  .object({
    ranAt: IsoSchema,
    passed: z.boolean(),
    system: z.object({
      cpuCores: z.number().int().positive().max(4096),
      ramGiB: z.number().nonnegative().max(1_000_000),
      diskFreeGB: z.number().nonnegative().max(1_000_000_000),
    }),
    network: z.object({
      pingMs: z.number().nonnegative().max(600_000),
      downloadMbps: z.number().nonnegative().max(1_000_000),
      uploadMbps: z.number().nonnegative().max(1_000_000),
    }),
    gpu: z
      .object({
        name: z.string().max(200),
        catalogueId: z.string().max(64).nullable(),
        market: Slug.nullable(),
        vramMiB: z.number().int().nonnegative().max(10_000_000),
        driverVersion: z.string().max(32),
        cudaVersion: z.string().max(32).nullable(),
        containerCheck: z.enum(['passed', 'failed']),
      })
      .nullable(),
  })
  .strict();
export type BenchmarkReport = z.infer<typeof BenchmarkReportSchema>;

export const EnrollmentSchema = z
  .object({
    termsVersion: z.string().max(32),
    acceptTerms: z.literal(true),
    contact: z.object({ email: z.email().max(254) }).strict().nullable(),
    benchmark: BenchmarkReportSchema,
  })
  .strict();
export type Enrollment = z.infer<typeof EnrollmentSchema>;

export const NODE_REVIEW_STATES = ['waitlisted', 'onboarded', 'rejected'] as const;
/** The verification job a waitlisted node is asked to run before it is onboarded in a GPU market. */
export const VerificationSchema = z.object({ jobId: Id, runId: Id });
export type Verification = z.infer<typeof VerificationSchema>;
export const NodeStatusSchema = z.object({
  address: z.string(),
  status: z.enum(NODE_REVIEW_STATES),
  market: Slug.nullable(),
  reason: z.string().nullable(),
  enrolledAt: IsoSchema,
  reviewedAt: IsoSchema.nullable(),
  /** Present while the grid waits for the node to run its GPU verification job (docs/grid-protocol.md). */
  verification: VerificationSchema.nullable().default(null),
});
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const QueueStatusSchema = z.object({
  market: Slug,
  queued: z.boolean(),
  position: z.number().int().positive().nullable(),
  queueLength: z.number().int().nonnegative(),
});
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

export const JobSchema = z.object({
  id: Id,
  market: Slug,
  /** Validated separately by src/main/core/jobs (the host never trusts the grid with its machine). */
  definition: z.unknown(),
  pricePerSecond: MicroNosSchema,
  timeoutSeconds: z.number().int().positive(),
  postedAt: IsoSchema,
});
export type Job = z.infer<typeof JobSchema>;

export const RUN_STATES = ['running', 'finished', 'quit', 'failed', 'expired'] as const;
export const RunSchema = z.object({
  id: Id,
  jobId: Id,
  state: z.enum(RUN_STATES),
  startedAt: IsoSchema,
  lastHeartbeatAt: IsoSchema,
  endedAt: IsoSchema.nullable(),
  deadline: IsoSchema,
});
export type Run = z.infer<typeof RunSchema>;

export const AssignmentSchema = z.object({ job: JobSchema, run: RunSchema });
export type Assignment = z.infer<typeof AssignmentSchema>;

export const NextJobSchema = z.object({ assignment: AssignmentSchema.nullable(), queue: QueueStatusSchema });
export type NextJob = z.infer<typeof NextJobSchema>;

export const HeartbeatSchema = z
  .object({ phase: z.enum(['pulling', 'starting', 'running', 'uploading']) })
  .strict();
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

export const OpResultSchema = z
  .object({
    id: z.string().max(64),
    exitCode: z.number().int().nullable(),
    status: z.enum(['success', 'failed', 'stopped']),
  })
  .strict();

export const MAX_LOG_TAIL_CHARS = 16 * 1024;
export const RunResultsSchema = z
  .object({
    exitCode: z.number().int().nullable(),
    durationMs: z.number().int().nonnegative(),
    logTail: z.string().max(MAX_LOG_TAIL_CHARS),
    ops: z.array(OpResultSchema).max(16),
    /** What each op's `results` extracted from its output: op id, then key, then the matches (bounded: op-results.ts). */
    results: z.record(z.string().max(64), z.record(z.string().max(128), z.array(z.string().max(1024)).max(16))).optional(),
  })
  .strict();
export type RunResults = z.infer<typeof RunResultsSchema>;

/**
 * When the job's last container ended, by the host's clock. Optional: without it the grid takes the moment the
 * message arrives. Either way pay is bounded by the rule in docs/grid-protocol.md ("Pay").
 */
const EndedAtSchema = IsoSchema.optional();
export const MAX_REASON_CHARS = 500;
const ReasonSchema = z.string().min(1).max(MAX_REASON_CHARS);

/** The job ran to its end: every op exited 0. */
export const FinishRunSchema = z.object({ results: RunResultsSchema, endedAt: EndedAtSchema }).strict();
export type FinishRun = z.infer<typeof FinishRunSchema>;

/** The host stopped the job (the owner paused, the app shut down, a crash closed on the next start). */
export const QuitRunSchema = z.object({ reason: ReasonSchema, endedAt: EndedAtSchema }).strict();
export type QuitRun = z.infer<typeof QuitRunSchema>;

/**
 * Whose fault a failed run is: `job` (it exited non-zero, ran out of memory, reached its timeout, or was refused),
 * paid for the seconds run; `host` (the machine could not pull or start it), paid nothing.
 */
export const FAULTS = ['job', 'host'] as const;
export type Fault = (typeof FAULTS)[number];

/** The job did not run to its end: it could not start, exited non-zero, or was stopped by its timeout. */
export const FailRunSchema = z.object({ reason: ReasonSchema, fault: z.enum(FAULTS), results: RunResultsSchema, endedAt: EndedAtSchema }).strict();
export type FailRun = z.infer<typeof FailRunSchema>;

/** The message that ends a run, as the host keeps it in its outbox until the grid acknowledges it. */
export const RunEndSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finish'), body: FinishRunSchema }),
  z.object({ kind: z.literal('quit'), body: QuitRunSchema }),
  z.object({ kind: z.literal('fail'), body: FailRunSchema }),
]);
export type RunEnd = z.infer<typeof RunEndSchema>;

export const EarningSchema = z.object({
  runId: Id,
  jobId: Id,
  market: Slug,
  outcome: z.enum(['finished', 'quit', 'failed', 'expired']),
  startedAt: IsoSchema,
  endedAt: IsoSchema,
  secondsRun: z.number().int().nonnegative(),
  secondsPaid: z.number().int().nonnegative(),
  pricePerSecond: MicroNosSchema,
  amount: MicroNosSchema,
  status: z.enum(['pending', 'settled']),
  settledAt: IsoSchema.nullable(),
});
export type Earning = z.infer<typeof EarningSchema>;

export const RunClosedSchema = z.object({ run: RunSchema, earning: EarningSchema, repeated: z.boolean() });
export type RunClosed = z.infer<typeof RunClosedSchema>;

export const EarningsSchema = z.object({
  items: z.array(EarningSchema),
  totals: z.object({ pending: MicroNosSchema, settled: MicroNosSchema }),
});
export type Earnings = z.infer<typeof EarningsSchema>;

export const PingSchema = z.object({ serverTime: IsoSchema });
export const UploadResultSchema = z.object({ bytes: z.number().int().nonnegative(), ms: z.number().nonnegative() });
