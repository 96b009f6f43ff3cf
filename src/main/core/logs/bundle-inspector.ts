import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  BundleManifestSchema,
  SupportCheckSchema,
  SupportJobSchema,
  type BundleManifest,
  type ErrorGroup,
  type FailedJobReport,
  type LogLine,
  type MachineSummary,
  type StateChange,
  type SupportCheck,
  type SupportJob,
  type SupportReport,
} from '../../../shared/contract/logs';
import { BUNDLE_ENTRIES } from './bundle-layout';
import { parseLogLine } from './log-line';
import type { BundleReader } from './ports';

const MAX_TIMELINE = 500;
const MAX_GROUPS = 100;
const MAX_JOB_LINES = 50;
const OUTPUT_TAIL_LINES = 40;
const MAX_JSON_ENTRY_BYTES = 16 * 1024 * 1024;
/** Outcomes of a job that did not run to its end. `quit` is not one: the owner paused, or GridHost was shut down. */
const FAILED_OUTCOMES = new Set(['failed', 'error', 'errored', 'expired', 'timeout', 'timed_out', 'rejected']);
const CHECK_ORDER: Record<SupportCheck['status'], number> = { fail: 0, warn: 1, skip: 2, pass: 3 };

/**
 * Reads a support bundle into the report the Support view and `gridhost logs inspect` show: failed checks
 * first, errors grouped by kind with counts, the host's state timeline, and the job that failed and why.
 * The bundle may come from anyone: every entry is validated, and a bad one is a problem in the report.
 */
export async function inspectBundle(reader: BundleReader): Promise<SupportReport> {
  const names = new Set(reader.entries().map((e) => e.name));
  const problems: string[] = [];

  const manifest = await readJson(reader, names, BUNDLE_ENTRIES.manifest, BundleManifestSchema, problems);
  const checks = (await readJson(reader, names, BUNDLE_ENTRIES.checks, z.array(SupportCheckSchema), problems)) ?? [];
  const jobs = (await readJson(reader, names, BUNDLE_ENTRIES.jobs, z.array(SupportJobSchema), problems)) ?? [];

  const scan = new LogScan();
  const mainLogs = [...names]
    .filter((n) => n.startsWith(BUNDLE_ENTRIES.logsPrefix) && !n.startsWith(`${BUNDLE_ENTRIES.logsPrefix}jobs/`))
    .sort(byRotationAge);
  if (mainLogs.length === 0) problems.push('The bundle has no main log (logs/gridhost.log).');
  for (const name of mainLogs) {
    await readLines(reader, name, (line) => scan.add(line), problems);
  }

  const failedJob = await findFailedJob(reader, names, jobs, scan, problems);
  return {
    manifest,
    machine: machineSummary(manifest),
    problems,
    notes: manifest?.notes ?? [],
    checks: [...checks].sort((a, b) => CHECK_ORDER[a.status] - CHECK_ORDER[b.status]),
    errorGroups: scan.groups(),
    timeline: scan.timeline,
    failedJob,
    lines: { total: scan.total, unreadable: scan.unreadable },
  };
}

/** Collects groups, the timeline and job lines from the main log, one line at a time. */
class LogScan {
  total = 0;
  unreadable = 0;
  timeline: StateChange[] = [];
  /** Error/warn lines that name a job, by job id (bounded). */
  readonly jobLines = new Map<string, LogLine[]>();
  lastJobErrorId: string | null = null;
  private readonly byKind = new Map<string, ErrorGroup>();

  add(text: string): void {
    if (text.length === 0) return;
    this.total++;
    // Most lines are info; parse only the ones the report uses.
    const interesting = text.includes('"level":"error"') || text.includes('"level":"warn"') || text.includes('host state changed');
    if (!interesting) {
      if (!text.startsWith('{"t":"')) this.unreadable++;
      return;
    }
    const line = parseLogLine(text);
    if (!line) {
      this.unreadable++;
      return;
    }
    if (line.msg === 'host state changed' && typeof line.from === 'string' && typeof line.to === 'string') {
      this.timeline.push({ t: line.t, from: line.from, to: line.to, reason: typeof line.reason === 'string' ? line.reason : null });
      if (this.timeline.length > MAX_TIMELINE) this.timeline.shift();
    }
    if (line.level !== 'error' && line.level !== 'warn') return;
    this.group(line, line.level);
    const jobId = jobIdOf(line);
    if (jobId) {
      const lines = this.jobLines.get(jobId) ?? [];
      lines.push(line);
      if (lines.length > MAX_JOB_LINES) lines.shift();
      this.jobLines.set(jobId, lines);
      if (line.level === 'error') this.lastJobErrorId = jobId;
    }
  }

  groups(): ErrorGroup[] {
    return [...this.byKind.values()]
      .sort((a, b) => (a.level === b.level ? b.count - a.count : a.level === 'error' ? -1 : 1))
      .slice(0, MAX_GROUPS);
  }

  private group(line: LogLine, level: 'error' | 'warn'): void {
    const code = codeOf(line);
    const kind = `${line.component ?? 'app'}: ${line.msg}${code ? ` (${code})` : ''}`;
    const key = `${level}\u0000${kind}`;
    const found = this.byKind.get(key);
    if (found) {
      found.count++;
      found.lastAt = line.t;
      found.example = line;
    } else if (this.byKind.size < MAX_GROUPS * 10) {
      this.byKind.set(key, { kind, level, count: 1, firstAt: line.t, lastAt: line.t, example: line });
    }
  }
}

/** GPU and driver, engine version, enrollment status and market, as the bundle's sources collected them. */
function machineSummary(manifest: BundleManifest | null): MachineSummary {
  const gpu = firstOf(field(manifest?.gpu, 'gpus'));
  const docker = record(manifest?.docker);
  const enrollment = record(manifest?.enrollment);
  return {
    gpu: text(field(gpu, 'name')),
    driver: text(field(gpu, 'driverVersion')),
    docker: docker ? [text(docker.product), text(docker.version)].filter(Boolean).join(' ') || null : null,
    enrollment: text(field(enrollment, 'status')),
    market: text(field(enrollment, 'market')),
  };
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
function field(value: unknown, name: string): unknown {
  return record(value)?.[name];
}
function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : null;
}
function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function jobIdOf(line: LogLine): string | null {
  const id = line.jobId ?? line.job;
  if (typeof id === 'string') return id;
  if (id && typeof id === 'object' && typeof (id as { id?: unknown }).id === 'string') return (id as { id: string }).id;
  return null;
}

function codeOf(line: LogLine): string | null {
  for (const candidate of [line.code, (line.err as { code?: unknown } | undefined)?.code, (line.error as { code?: unknown } | undefined)?.code]) {
    if (typeof candidate === 'string' || typeof candidate === 'number') return String(candidate);
  }
  return null;
}

async function findFailedJob(
  reader: BundleReader,
  names: Set<string>,
  jobs: SupportJob[],
  scan: LogScan,
  problems: string[],
): Promise<FailedJobReport | null> {
  const failed = jobs
    .filter((j) => FAILED_OUTCOMES.has(j.outcome.toLowerCase()) || (j.exitCode !== null && j.exitCode !== undefined && j.exitCode !== 0))
    .sort((a, b) => (b.endedAt ?? b.startedAt ?? '').localeCompare(a.endedAt ?? a.startedAt ?? ''))[0];
  const jobId = failed?.id ?? scan.lastJobErrorId;
  if (!jobId) return null;
  const lines = scan.jobLines.get(jobId) ?? [];
  const lastError = [...lines].reverse().find((l) => l.level === 'error');
  const reason = failed?.reason ?? (lastError ? describe(lastError) : null);
  return { job: failed ?? null, jobId, reason, lines, outputTail: await outputTail(reader, names, jobId, problems) };
}

function describe(line: LogLine): string {
  const detail = [line.reason, line.error, (line.err as { message?: unknown } | undefined)?.message].find((v) => typeof v === 'string');
  return detail ? `${line.msg}: ${String(detail)}` : line.msg;
}

/** The newest lines of the job's container output (job logs are named after the job's containers). */
async function outputTail(reader: BundleReader, names: Set<string>, jobId: string, problems: string[]): Promise<string[]> {
  // Container names are `gridhost-<job>-<op>` with the job id lower-cased and cut to 40 characters
  // (src/main/core/containers/container-names.ts); the trailing dash keeps job-1 from matching job-12.
  const prefix = `${BUNDLE_ENTRIES.logsPrefix}jobs/gridhost-${jobId.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').slice(0, 40)}-`;
  const logs = [...names].filter((n) => n.startsWith(prefix)).sort(byRotationAge);
  const tail: string[] = [];
  for (const name of logs) {
    await readLines(
      reader,
      name,
      (line) => {
        tail.push(line);
        if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      },
      problems,
    );
  }
  return tail;
}

/** Oldest first: `x.3.log`, `x.2.log`, `x.1.log`, `x.log`. */
function byRotationAge(a: string, b: string): number {
  const index = (n: string) => Number(/\.(\d+)\.log$/.exec(n)?.[1] ?? 0);
  const stem = (n: string) => n.replace(/(\.\d+)?\.log$/, '');
  return stem(a).localeCompare(stem(b)) || index(b) - index(a);
}

/** Reads an entry line by line; a damaged entry (bad compressed data) keeps what was read and becomes a problem. */
async function readLines(reader: BundleReader, name: string, onLine: (line: string) => void, problems: string[]): Promise<void> {
  try {
    const lines = createInterface({ input: await reader.open(name), crlfDelay: Infinity });
    for await (const line of lines) onLine(line);
  } catch (err) {
    problems.push(`${name} could not be read to its end (${(err as Error).message}); the report uses the part before the damage.`);
  }
}

async function readJson<T>(
  reader: BundleReader,
  names: Set<string>,
  name: string,
  schema: z.ZodType<T>,
  problems: string[],
): Promise<T | null> {
  if (!names.has(name)) {
    if (name === BUNDLE_ENTRIES.manifest) problems.push(`The bundle has no ${name}: it was not made by "gridhost logs export", or it is damaged.`);
    return null;
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await reader.open(name)) {
      size += (chunk as Buffer).length;
      if (size > MAX_JSON_ENTRY_BYTES) throw new Error(`it is larger than ${MAX_JSON_ENTRY_BYTES / 1024 / 1024} MiB`);
      chunks.push(chunk as Buffer);
    }
    const parsed = schema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).slice(0, 3).join('; '));
    return parsed.data;
  } catch (err) {
    problems.push(`${name} could not be read: ${(err as Error).message}`);
    return null;
  }
}
