import { join } from 'node:path';
import { ApiError } from '../../../shared/api-error';
import type {
  BundleExportResult,
  BundlePreview,
  BundleTarget,
  PickedBundle,
  RendererReport,
  SupportReport,
} from '../../../shared/contract/logs';
import type { Settings } from '../../../shared/settings';
import type { Clock, EventSink, Logger } from '../ports';
import { BundleAccess } from './bundle-access';
import { inspectBundle } from './bundle-inspector';
import type { BundleFilePicker, BundleReader, BundleWriter, LogFolder, RealPath, RotatingLogSink, SystemDescriber } from './ports';
import { RecentLogs, type RecentLogsQuery, type RecentLogsResult } from './recent-logs';
import type { Redactor } from './redactor';
import type { StructuredLogger } from './structured-logger';
import { SupportBundle, type ExportProgress } from './support-bundle';
import type { SupportSources } from './support-sources';

export interface LogsServiceDeps {
  logger: StructuredLogger;
  sink: RotatingLogSink;
  redactor: Redactor;
  folder: LogFolder;
  clock: Clock;
  /** Where bundles exported from the app go (`<dataDir>/support`). */
  bundlesDir: string;
  openBundleWriter: (path: string) => Promise<BundleWriter>;
  openBundleReader: (path: string) => Promise<BundleReader>;
  realPath: RealPath;
  /** The desktop app's file dialog; absent headless and in the CLI. */
  pickBundleFile?: BundleFilePicker;
  /** Reads the machine's description for a support bundle. */
  describeSystem: SystemDescriber;
}

/** Renderer reports allowed per minute; past that they are counted and summarised (an error loop). */
const REPORTS_PER_MINUTE = 30;
const PROGRESS_EVERY_MS = 250;

/**
 * The logs domain as the host holds it: the log level and rotation from settings, the tail for the Support
 * page, renderer errors, and support bundles (preview, export, inspect).
 */
export class LogsService {
  private readonly recentLogs: RecentLogs;
  private readonly rendererLog: Logger;
  private readonly access: BundleAccess;
  private exporting = false;
  private reportWindowStart = 0;
  private reportsInWindow = 0;
  private reportsDropped = 0;

  constructor(private readonly deps: LogsServiceDeps) {
    const flush = () => deps.sink.flush();
    this.recentLogs = new RecentLogs(deps.folder, flush);
    this.rendererLog = deps.logger.child({ component: 'renderer' });
    this.access = new BundleAccess(deps.bundlesDir, deps.realPath, deps.clock, deps.pickBundleFile ?? null);
  }

  get logger(): StructuredLogger {
    return this.deps.logger;
  }

  /** The machine's operating system, CPUs, memory and runtime versions (a support bundle's `system`). */
  describeSystem(): Promise<Record<string, unknown>> {
    return this.deps.describeSystem();
  }

  /** settings.logs: the level applies to every logger at once, the limits at the next rotation. */
  applySettings(logs: Settings['logs']): void {
    this.deps.logger.setLevel(logs.level);
    this.deps.sink.setLimits(logs.maxFileMiB * 1024 * 1024, logs.maxFiles);
  }

  /**
   * The node's keypair: its secret key (solana-keygen form, seed then public key) and seed are removed from
   * logs and bundles in every encoding from now on.
   */
  rememberKeypair(keypair: { revealSeed(): Uint8Array; readonly publicKey: Uint8Array }): void {
    const seed = keypair.revealSeed();
    const secretKey = new Uint8Array(seed.length + keypair.publicKey.length);
    secretKey.set(seed);
    secretKey.set(keypair.publicKey, seed.length);
    this.deps.redactor.rememberKey(secretKey);
    seed.fill(0);
    secretKey.fill(0);
  }

  /** A secret string (the headless token, registry credentials) removed wherever it appears. */
  rememberSecret(secret: string): void {
    this.deps.redactor.rememberSecret(secret);
  }

  recent(query: RecentLogsQuery): Promise<RecentLogsResult> {
    return this.recentLogs.query(query);
  }

  /** Writes a window's error to the main log; returns false when it was rate-limited. */
  report(report: RendererReport): boolean {
    const now = this.deps.clock.now();
    if (now - this.reportWindowStart >= 60_000) {
      if (this.reportsDropped > 0) {
        this.rendererLog.warn('renderer reports dropped', { count: this.reportsDropped, why: `more than ${REPORTS_PER_MINUTE} a minute` });
      }
      this.reportWindowStart = now;
      this.reportsInWindow = 0;
      this.reportsDropped = 0;
    }
    if (this.reportsInWindow >= REPORTS_PER_MINUTE) {
      this.reportsDropped++;
      return false;
    }
    this.reportsInWindow++;
    const fields = { source: report.source, stack: report.stack };
    if (report.level === 'error') this.rendererLog.error(report.message, fields);
    else this.rendererLog.warn(report.message, fields);
    return true;
  }

  preview(sources: SupportSources): Promise<BundlePreview> {
    return this.bundle(sources).preview();
  }

  /**
   * Writes a bundle to `path`, or to a new file in the bundles folder. One export at a time: a second
   * request while one runs is refused with `busy`.
   */
  async export(sources: SupportSources, options: { path?: string; events?: EventSink } = {}): Promise<BundleExportResult> {
    if (this.exporting) throw new ApiError('busy', 'A support bundle is being written already; wait for it to finish.');
    this.exporting = true;
    const path = options.path ?? join(this.deps.bundlesDir, bundleFileName(this.deps.clock.now()));
    try {
      let last = 0;
      const progress = (p: ExportProgress) => {
        const now = this.deps.clock.now();
        if (now - last < PROGRESS_EVERY_MS && p.doneBytes < p.totalBytes) return;
        last = now;
        options.events?.publish('logs.bundle.progress', p);
      };
      const writer = await this.deps.openBundleWriter(path);
      const written = await this.bundle(sources).export(writer, progress);
      this.deps.logger.child({ component: 'logs' }).info('support bundle written', {
        path,
        zipBytes: written.zipBytes,
        notes: written.manifest.notes.length,
      });
      return { path, zipBytes: written.zipBytes, files: written.manifest.files.length + 1, notes: written.manifest.notes };
    } finally {
      this.exporting = false;
    }
  }

  /** The desktop app's file dialog: a one-time handle for `inspect`, or null when cancelled. */
  pickBundle(): Promise<PickedBundle | null> {
    return this.access.pick();
  }

  /**
   * Opens a bundle in the support folder, or one the owner picked, and summarises it; any other path is
   * refused (see BundleAccess), and a file that is not a bundle is refused with what to do.
   */
  async inspect(target: BundleTarget): Promise<SupportReport> {
    const path = await this.access.resolve(target);
    let reader: BundleReader;
    try {
      reader = await this.deps.openBundleReader(path);
    } catch (err) {
      throw new ApiError('bundle_unreadable', (err as Error).message);
    }
    try {
      return await inspectBundle(reader);
    } finally {
      reader.close();
    }
  }

  /** Writes out every queued line (shutdown). */
  close(): Promise<void> {
    return this.deps.sink.close();
  }

  private bundle(sources: SupportSources): SupportBundle {
    return new SupportBundle({
      folder: this.deps.folder,
      sources,
      redactor: this.deps.redactor,
      clock: this.deps.clock,
      flushLog: () => this.deps.sink.flush(),
    });
  }
}

/** `gridhost-support-20261125-101500.zip`, in UTC. */
export function bundleFileName(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `gridhost-support-${stamp}.zip`;
}
