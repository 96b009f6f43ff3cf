import { z } from 'zod';

export const BUNDLE_FORMAT = 'gridhost-support-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/** Fixed entry names inside a bundle. */
export const BUNDLE_ENTRIES = {
  manifest: 'manifest.json',
  checks: 'checks.json',
  benchmark: 'benchmark.json',
  jobs: 'jobs.json',
  /** Prefix of the log files: `logs/gridhost.log`, `logs/jobs/<container>.log`. */
  logsPrefix: 'logs/',
} as const;

/** Something that could not be collected, or was collected only in part, and why. */
export const BundleNoteSchema = z.object({
  /** What the note is about: a source name ('gpu', 'lastBenchmark') or a log file name. */
  item: z.string(),
  reason: z.string(),
});
export type BundleNote = z.infer<typeof BundleNoteSchema>;

export const BundleFileSchema = z.object({
  /** The entry's name in the zip. */
  name: z.string(),
  /** Its size in the zip, uncompressed, after redaction. */
  bytes: z.number().int().nonnegative(),
  /** For log files: the size of the file on disk. */
  sourceBytes: z.number().int().nonnegative().optional(),
});
export type BundleFile = z.infer<typeof BundleFileSchema>;

/** `manifest.json`: what the bundle holds and what it could not collect. */
export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string(), mode: z.string() }),
  system: z.unknown().nullable(),
  gpu: z.unknown().nullable(),
  docker: z.unknown().nullable(),
  settings: z.unknown().nullable(),
  /** First and last time stamp of the main log lines included. */
  timeRange: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  files: z.array(BundleFileSchema),
  notes: z.array(BundleNoteSchema),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;
