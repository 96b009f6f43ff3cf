import type { Readable } from 'node:stream';
import type { Clock } from '../ports';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleFile,
  type BundleManifest,
  type BundleNote,
  type BundlePreview,
} from '../../../shared/contract/logs';
import { BUNDLE_ENTRIES } from './bundle-layout';
import type { BundleWriter, LogFileInfo, LogFolder } from './ports';
import { RedactingStream } from './redacting-stream';
import type { Redactor } from './redactor';
import { SUPPORT_SOURCE_LABELS, type SupportSourceName, type SupportSources } from './support-sources';

/** Limits that keep an export bounded whatever the log folder holds. */
export interface SupportBundleLimits {
  /** A log file larger than this contributes only its newest part of this size. */
  maxFileBytes: number;
  /** Logs beyond this total are left out, oldest first. */
  maxTotalLogBytes: number;
  /** A source that has not answered by then is noted and skipped. */
  sourceTimeoutMs: number;
}

export const DEFAULT_BUNDLE_LIMITS: SupportBundleLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxTotalLogBytes: 1024 * 1024 * 1024,
  sourceTimeoutMs: 15_000,
};

export type BundleEntryKind = BundlePreview['entries'][number]['kind'];
type BundlePreviewEntry = BundlePreview['entries'][number];

export interface BundleWritten {
  /** Size of the zip file. */
  zipBytes: number;
  manifest: BundleManifest;
}

export interface ExportProgress {
  doneBytes: number;
  totalBytes: number;
}

export interface SupportBundleDeps {
  folder: LogFolder;
  sources: SupportSources;
  redactor: Redactor;
  clock: Clock;
  /** Writes out lines still queued in memory, so that the bundle has the newest ones. */
  flushLog?: () => Promise<void>;
  limits?: Partial<SupportBundleLimits>;
}

/** A log file and the part of it that goes into the bundle. */
interface LogPlan {
  file: LogFileInfo;
  entryName: string;
  /** Offset the bundle starts reading at (0 unless the file is over the per-file cap). */
  start: number;
  jsonLines: boolean;
}

interface CollectedSources {
  values: Partial<Record<SupportSourceName, unknown>>;
  notes: BundleNote[];
}

const JOB_LOG_PREFIX = 'jobs/';

/**
 * The support bundle: collects what support needs (system, GPU, engine, settings, readiness checks, last
 * benchmark, recent jobs, the logs), redacts every byte, and streams it into a BundleWriter with a manifest
 * that lists the files and says what could not be collected and why.
 */
export class SupportBundle {
  private readonly limits: SupportBundleLimits;

  constructor(private readonly deps: SupportBundleDeps) {
    this.limits = { ...DEFAULT_BUNDLE_LIMITS, ...deps.limits };
  }

  /** What an export would write now, with sizes, without writing anything. */
  async preview(): Promise<BundlePreview> {
    await this.deps.flushLog?.();
    const [collected, logs] = await Promise.all([this.collectSources(), this.planLogs()]);
    const entries: BundlePreviewEntry[] = [];
    for (const doc of this.documents(collected)) entries.push({ name: doc.name, kind: doc.kind, bytes: doc.content.length });
    for (const plan of logs.plans) {
      entries.push({ name: plan.entryName, kind: plan.jsonLines ? 'log' : 'job-log', bytes: plan.file.bytes - plan.start });
    }
    const manifest = this.manifest(collected, [], [...collected.notes, ...logs.notes], { from: null, to: null });
    entries.unshift({ name: BUNDLE_ENTRIES.manifest, kind: 'manifest', bytes: this.json(manifest).length });
    return {
      entries,
      notes: manifest.notes,
      totalBytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    };
  }

  /** Writes the bundle; on any failure the writer is aborted (no partial file is left) and the error thrown. */
  async export(writer: BundleWriter, onProgress?: (progress: ExportProgress) => void): Promise<BundleWritten> {
    try {
      await this.deps.flushLog?.();
      const [collected, logs] = await Promise.all([this.collectSources(), this.planLogs()]);
      const files: BundleFile[] = [];
      const notes = [...collected.notes, ...logs.notes];
      for (const doc of this.documents(collected)) {
        await writer.addBuffer(doc.name, doc.content);
        files.push({ name: doc.name, bytes: doc.content.length });
      }

      const totalBytes = logs.plans.reduce((sum, p) => sum + p.file.bytes - p.start, 0);
      let doneBytes = 0;
      let from: string | null = null;
      let to: string | null = null;
      for (const plan of logs.plans) {
        const { stats, readError } = await this.addLog(writer, plan, (n) => {
          doneBytes += n;
          onProgress?.({ doneBytes, totalBytes });
        });
        files.push({ name: plan.entryName, bytes: stats.bytesOut, sourceBytes: plan.file.bytes });
        notes.push(...this.logNotes(plan, stats, readError));
        if (stats.firstTime && (from === null || stats.firstTime < from)) from = stats.firstTime;
        if (stats.lastTime && (to === null || stats.lastTime > to)) to = stats.lastTime;
      }

      const manifest = this.manifest(collected, files, notes, { from, to });
      await writer.addBuffer(BUNDLE_ENTRIES.manifest, this.json(manifest));
      const zipBytes = await writer.finish();
      return { zipBytes, manifest };
    } catch (err) {
      await writer.abort().catch(() => undefined);
      throw err;
    }
  }

  private async addLog(
    writer: BundleWriter,
    plan: LogPlan,
    onBytes: (n: number) => void,
  ): Promise<{ stats: RedactingStream['stats']; readError: Error | null }> {
    const redacting = new RedactingStream(this.deps.redactor, { jsonLines: plan.jsonLines, startsMidLine: plan.start > 0 });
    let readError: Error | null = null;
    let source: Readable;
    try {
      source = this.deps.folder.openRead(plan.file.name, plan.start);
    } catch (err) {
      readError = err as Error;
      redacting.end();
      await writer.addStream(plan.entryName, redacting);
      return { stats: redacting.stats, readError };
    }
    // A file that fails half-way (deleted by rotation, a disk error) ends its entry early, with a note.
    source.on('error', (err) => {
      readError = err;
      source.unpipe(redacting);
      redacting.end();
    });
    source.on('data', (chunk: Buffer) => onBytes(chunk.length));
    source.pipe(redacting);
    try {
      await writer.addStream(plan.entryName, redacting);
    } catch (err) {
      // The writer failed (a full disk): the file being read is closed, not left open and paused.
      source.destroy();
      throw err;
    }
    return { stats: redacting.stats, readError };
  }

  private logNotes(plan: LogPlan, stats: RedactingStream['stats'], readError: Error | null): BundleNote[] {
    const item = plan.entryName;
    const notes: BundleNote[] = [];
    if (readError) {
      notes.push({ item, reason: `could not be read completely (${readError.message}); the part read so far is included` });
    }
    if (plan.start > 0) {
      notes.push({
        item,
        reason: `the file is ${mib(plan.file.bytes)}, over the ${mib(this.limits.maxFileBytes)} limit per file; only its newest ${mib(plan.file.bytes - plan.start)} are included`,
      });
    }
    if (stats.truncatedLastLine) {
      notes.push({ item, reason: 'its last line was cut off (the app stopped while writing it); it is included as it is' });
    }
    if (plan.jsonLines && stats.foreignLines > 0) {
      notes.push({ item, reason: `${stats.foreignLines} of ${stats.lines} lines are not valid log lines (corrupt or foreign text); they are included as text` });
    }
    if (stats.undecodableBytes > 0) {
      notes.push({ item, reason: `${stats.undecodableBytes} places held bytes that are not text; they are shown as \uFFFD` });
    }
    return notes;
  }

  private documents(collected: CollectedSources): Array<{ name: string; kind: BundleEntryKind; content: Buffer }> {
    const docs: Array<{ name: string; kind: BundleEntryKind; content: Buffer }> = [];
    const { values } = collected;
    if (values.readinessChecks !== undefined) docs.push({ name: BUNDLE_ENTRIES.checks, kind: 'checks', content: this.json(values.readinessChecks) });
    if (values.lastBenchmark !== undefined) docs.push({ name: BUNDLE_ENTRIES.benchmark, kind: 'benchmark', content: this.json(values.lastBenchmark) });
    if (values.recentJobs !== undefined) docs.push({ name: BUNDLE_ENTRIES.jobs, kind: 'jobs', content: this.json(values.recentJobs) });
    return docs;
  }

  private manifest(
    collected: CollectedSources,
    files: BundleFile[],
    notes: BundleNote[],
    timeRange: BundleManifest['timeRange'],
  ): BundleManifest {
    const { values } = collected;
    return {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      app: this.deps.sources.app,
      system: values.system ?? null,
      gpu: values.gpu ?? null,
      docker: values.docker ?? null,
      enrollment: values.enrollment ?? null,
      settings: values.settings ?? null,
      timeRange,
      files,
      notes,
    };
  }

  /** Redacted, indented JSON: the structure is walked first, then the text is checked once more. */
  private json(value: unknown): Buffer {
    const { redactor } = this.deps;
    return Buffer.from(`${redactor.redactText(JSON.stringify(redactor.redactValue(value), null, 2))}\n`, 'utf8');
  }

  private async collectSources(): Promise<CollectedSources> {
    const values: CollectedSources['values'] = {};
    const notes: BundleNote[] = [];
    const names = Object.keys(SUPPORT_SOURCE_LABELS) as SupportSourceName[];
    await Promise.all(
      names.map(async (name) => {
        const label = SUPPORT_SOURCE_LABELS[name];
        const source = this.deps.sources[name];
        if (!source) {
          notes.push({ item: name, reason: `${label}: not available in this build of GridHost` });
          return;
        }
        try {
          const value = await withTimeout(source(), this.limits.sourceTimeoutMs, `${label} did not answer within ${this.limits.sourceTimeoutMs / 1000} s`);
          if (value === null || value === undefined) notes.push({ item: name, reason: `${label}: nothing recorded on this machine yet` });
          else values[name] = value;
        } catch (err) {
          notes.push({ item: name, reason: `${label} could not be collected: ${this.deps.redactor.redactText((err as Error).message)}` });
        }
      }),
    );
    notes.sort((a, b) => names.indexOf(a.item as SupportSourceName) - names.indexOf(b.item as SupportSourceName));
    return { values, notes };
  }

  /** Which log files go in and from where: newest first until the total cap, each capped to its newest part. */
  private async planLogs(): Promise<{ plans: LogPlan[]; notes: BundleNote[] }> {
    const notes: BundleNote[] = [];
    let files: LogFileInfo[];
    try {
      files = await this.deps.folder.list();
    } catch (err) {
      return { plans: [], notes: [{ item: 'logs', reason: `the log folder could not be read: ${(err as Error).message}` }] };
    }
    if (files.length === 0) notes.push({ item: 'logs', reason: 'no log files were found' });
    const plans: LogPlan[] = [];
    let total = 0;
    for (const file of [...files].sort((a, b) => b.modifiedMs - a.modifiedMs)) {
      const start = Math.max(0, file.bytes - this.limits.maxFileBytes);
      const bytes = file.bytes - start;
      if (total + bytes > this.limits.maxTotalLogBytes) {
        notes.push({ item: BUNDLE_ENTRIES.logsPrefix + file.name, reason: `left out: the bundle already holds ${mib(total)} of newer logs (limit ${mib(this.limits.maxTotalLogBytes)})` });
        continue;
      }
      total += bytes;
      plans.push({ file, entryName: BUNDLE_ENTRIES.logsPrefix + file.name, start, jsonLines: !file.name.startsWith(JOB_LOG_PREFIX) });
    }
    plans.sort((a, b) => a.entryName.localeCompare(b.entryName));
    return { plans, notes };
  }
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
