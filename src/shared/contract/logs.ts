import { z } from 'zod';
import { event, request } from './define';

/*
 * The logs domain: recent lines of the main log for the Support page, renderer errors forwarded to the main
 * log, and the support bundle (preview, export, open). Everything that crosses here was redacted in main;
 * zip files are written and parsed only in main.
 */

const NoParams = z.object({}).strict();

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);

/** One line of the main log: `{t, level, msg, component?, ...fields}`. */
export const LogLineSchema = z.looseObject({
  t: z.string(),
  level: LogLevelSchema,
  msg: z.string(),
  component: z.string().optional(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

/** Something a bundle could not collect, or collected only in part, and why. */
export const BundleNoteSchema = z.object({
  /** A source name ('gpu', 'lastBenchmark') or a file of the bundle ('logs/gridhost.log'). */
  item: z.string(),
  reason: z.string(),
});
export type BundleNote = z.infer<typeof BundleNoteSchema>;

/** A readiness check as a bundle records it. */
export const SupportCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['pass', 'warn', 'fail', 'skip']),
  /** What is wrong and why it matters, in the owner's words. */
  detail: z.string().nullable().optional(),
  /** The exact fix. */
  fix: z.string().nullable().optional(),
});
export type SupportCheck = z.infer<typeof SupportCheckSchema>;

/** One recent job as a bundle records it. */
export const SupportJobSchema = z.object({
  id: z.string(),
  /** The jobs domain's outcome word: 'finished', 'failed', 'quit'... */
  outcome: z.string(),
  startedAt: z.string().nullable().optional(),
  endedAt: z.string().nullable().optional(),
  /** Why it failed or was quit. */
  reason: z.string().nullable().optional(),
  market: z.string().nullable().optional(),
  exitCode: z.number().int().nullable().optional(),
});
export type SupportJob = z.infer<typeof SupportJobSchema>;

export const BUNDLE_FORMAT = 'gridhost-support-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export const BundleFileSchema = z.object({
  /** The entry's name in the zip. */
  name: z.string(),
  /** Its size in the zip, uncompressed, after redaction. */
  bytes: z.number().int().nonnegative(),
  /** For log files: the size of the file on disk. */
  sourceBytes: z.number().int().nonnegative().optional(),
});
export type BundleFile = z.infer<typeof BundleFileSchema>;

/** `manifest.json` of a support bundle: what it holds and what it could not collect. */
export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string(), mode: z.string() }),
  system: z.unknown().nullable(),
  gpu: z.unknown().nullable(),
  docker: z.unknown().nullable(),
  /** The enrollment status and market the grid gave last (absent in bundles made before it was collected). */
  enrollment: z.unknown().nullable().optional(),
  settings: z.unknown().nullable(),
  /** First and last time stamp of the main-log lines included. */
  timeRange: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  files: z.array(BundleFileSchema),
  notes: z.array(BundleNoteSchema),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

export const BundlePreviewSchema = z.object({
  entries: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['manifest', 'checks', 'benchmark', 'jobs', 'log', 'job-log']),
      /** Size before redaction. */
      bytes: z.number().int().nonnegative(),
    }),
  ),
  notes: z.array(BundleNoteSchema),
  totalBytes: z.number().int().nonnegative(),
});
export type BundlePreview = z.infer<typeof BundlePreviewSchema>;

export const BundleExportResultSchema = z.object({
  /** Where the zip was written. */
  path: z.string(),
  zipBytes: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  notes: z.array(BundleNoteSchema),
});
export type BundleExportResult = z.infer<typeof BundleExportResultSchema>;

export const ErrorGroupSchema = z.object({
  /** `component: message (code)`. */
  kind: z.string(),
  level: z.enum(['error', 'warn']),
  count: z.number().int().positive(),
  firstAt: z.string(),
  lastAt: z.string(),
  example: LogLineSchema,
});
export type ErrorGroup = z.infer<typeof ErrorGroupSchema>;

export const StateChangeSchema = z.object({ t: z.string(), from: z.string(), to: z.string(), reason: z.string().nullable() });
export type StateChange = z.infer<typeof StateChangeSchema>;

export const FailedJobReportSchema = z.object({
  job: SupportJobSchema.nullable(),
  jobId: z.string(),
  reason: z.string().nullable(),
  /** Error and warning lines that name the job, oldest first. */
  lines: z.array(LogLineSchema),
  /** The last lines of its container output. */
  outputTail: z.array(z.string()),
});
export type FailedJobReport = z.infer<typeof FailedJobReportSchema>;

/** The machine at a glance, read from the manifest; null where the bundle does not say. */
export const MachineSummarySchema = z.object({
  gpu: z.string().nullable(),
  driver: z.string().nullable(),
  docker: z.string().nullable(),
  enrollment: z.string().nullable(),
  market: z.string().nullable(),
});
export type MachineSummary = z.infer<typeof MachineSummarySchema>;

/** What support reads first in a bundle. */
export const SupportReportSchema = z.object({
  manifest: BundleManifestSchema.nullable(),
  machine: MachineSummarySchema,
  /** Problems with the bundle itself (a missing or unreadable entry). */
  problems: z.array(z.string()),
  notes: z.array(BundleNoteSchema),
  /** Failing checks first, then warnings, then the rest. */
  checks: z.array(SupportCheckSchema),
  errorGroups: z.array(ErrorGroupSchema),
  timeline: z.array(StateChangeSchema),
  failedJob: FailedJobReportSchema.nullable(),
  lines: z.object({ total: z.number().int().nonnegative(), unreadable: z.number().int().nonnegative() }),
});
export type SupportReport = z.infer<typeof SupportReportSchema>;

/** Bounds on what a window may report: an error loop must not fill the disk through this door. */
export const RendererReportSchema = z
  .object({
    level: z.enum(['warn', 'error']),
    message: z.string().min(1).max(2000),
    stack: z.string().max(16_000).optional(),
    /** Where it happened: a component or page name, a URL path. */
    source: z.string().max(500).optional(),
  })
  .strict();
export type RendererReport = z.infer<typeof RendererReportSchema>;

/**
 * Which bundle to open: a name or path in the support folder, or the handle `logs.bundle.pick` returned for a
 * file the owner chose in the desktop app's dialog. Nothing else can be opened through the API.
 */
export const BundleTargetSchema = z.union([
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  z.object({ handle: z.string().regex(/^[\w-]{16,64}$/) }).strict(),
]);
export type BundleTarget = z.infer<typeof BundleTargetSchema>;

export const PickedBundleSchema = z.object({ handle: z.string(), name: z.string() });
export type PickedBundle = z.infer<typeof PickedBundleSchema>;

export const logsRequests = {
  'logs.recent': request(
    'The newest lines of the main log, oldest first, at or above a level and containing a text.',
    z
      .object({
        level: LogLevelSchema.default('info'),
        search: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    z.object({ lines: z.array(LogLineSchema), more: z.boolean() }),
  ),
  'logs.report': request("A window's error, written to the main log (component 'renderer').", RendererReportSchema, z.object({ logged: z.boolean() })),
  'logs.bundle.preview': request('What a support bundle would hold now, with sizes, and what it could not collect.', NoParams, BundlePreviewSchema),
  'logs.bundle.export': request(
    'Write a support bundle into the data folder (support/); returns its path. One export at a time.',
    NoParams,
    BundleExportResultSchema,
  ),
  'logs.bundle.pick': request(
    "Let the owner choose a bundle in a file dialog (desktop app only); a one-time handle for logs.bundle.inspect, or null when cancelled.",
    NoParams,
    PickedBundleSchema.nullable(),
  ),
  'logs.bundle.inspect': request(
    'Open a support bundle (one in the support folder, or one chosen with logs.bundle.pick) and summarise it for support.',
    BundleTargetSchema,
    SupportReportSchema,
  ),
};

export const logsEvents = {
  'logs.bundle.progress': event(
    'Progress of the support bundle being written.',
    z.object({ doneBytes: z.number().int().nonnegative(), totalBytes: z.number().int().nonnegative() }),
  ),
};
