import type { SupportReport } from '../../../shared/contract/logs';
import { BundleOpenError, ZipBundleReader } from '../../adapters/logs/zip-bundle-reader';
import { inspectBundle } from '../../core/logs/bundle-inspector';
import { UsageError, type CliCommand } from '../command';

const TIMELINE_SHOWN = 20;
const GROUPS_SHOWN = 15;

/** `gridhost logs inspect FILE`: what support reads first in a bundle. Needs no host: it only reads the zip. */
export const logsInspectCommand: CliCommand = {
  name: 'logs inspect',
  summary: 'Summarise a support bundle: failed checks, errors by kind, the host state timeline, the job that failed',
  usage: 'gridhost logs inspect FILE [--json]',
  options: { json: { type: 'boolean', default: false } },
  allowPositionals: true,
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length > 0) throw new UsageError('Give the path of one support bundle (a .zip from "gridhost logs export").');
    let reader: ZipBundleReader;
    try {
      reader = await ZipBundleReader.open(file);
    } catch (err) {
      if (!(err instanceof BundleOpenError)) throw err;
      ctx.err(`${err.message}\n`);
      return 1;
    }
    try {
      const report = await inspectBundle(reader);
      ctx.out(ctx.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatSupportReport(report));
      return 0;
    } finally {
      reader.close();
    }
  },
};

const CHECK_MARK = { fail: '[FAIL]', warn: '[warn]', skip: '[skip]', pass: '[ok]  ' } as const;

/** The report for a person, most telling first. */
export function formatSupportReport(report: SupportReport): string {
  const lines: string[] = [];
  const m = report.manifest;
  if (m) {
    const system = m.system as { platform?: unknown; release?: unknown } | null;
    lines.push(`Support bundle from ${m.app.name} ${m.app.version} (${m.app.mode})${system?.platform ? ` on ${String(system.platform)} ${String(system.release ?? '')}`.trimEnd() : ''}, made ${m.createdAt}`);
    lines.push(`Logs cover ${m.timeRange.from ?? '?'} to ${m.timeRange.to ?? '?'}: ${report.lines.total} lines, ${report.lines.unreadable} unreadable`);
  }
  for (const problem of report.problems) lines.push(`Problem with this bundle: ${problem}`);

  const machine = report.machine;
  section(lines, 'This machine', [
    `GPU: ${machine.gpu ?? 'not in this bundle'}${machine.driver ? `, driver ${machine.driver}` : ''}`,
    `Container engine: ${machine.docker ?? 'not in this bundle'}`,
    `Enrollment: ${machine.enrollment ?? 'not in this bundle'}${machine.market ? ` in ${machine.market}` : ''}`,
  ]);

  const notPassed = report.checks.filter((c) => c.status !== 'pass');
  section(lines, 'Readiness checks', report.checks.length === 0 ? ['none in this bundle'] : [
    ...notPassed.map((c) => `${CHECK_MARK[c.status]} ${c.title}${c.detail ? `: ${c.detail}` : ''}${c.fix ? `\n         Fix: ${c.fix}` : ''}`),
    `${report.checks.length - notPassed.length} of ${report.checks.length} passed`,
  ]);

  const groups = report.errorGroups.slice(0, GROUPS_SHOWN);
  section(lines, 'Errors and warnings by kind', groups.length === 0 ? ['none'] : groups.map(
    (g) => `${String(g.count).padStart(6)}x ${g.level.padEnd(5)} ${g.kind}  (first ${g.firstAt}, last ${g.lastAt})`,
  ));
  if (report.errorGroups.length > GROUPS_SHOWN) lines.push(`  ... and ${report.errorGroups.length - GROUPS_SHOWN} more kinds (--json shows all)`);

  const shown = report.timeline.slice(-TIMELINE_SHOWN);
  const title = report.timeline.length > TIMELINE_SHOWN ? `Host state timeline (last ${TIMELINE_SHOWN} of ${report.timeline.length})` : 'Host state timeline';
  section(lines, title, shown.length === 0 ? ['no state changes logged'] : shown.map((c) => `${c.t}  ${c.from} -> ${c.to}${c.reason ? `  (${c.reason})` : ''}`));

  const job = report.failedJob;
  section(lines, 'Job that failed', job === null ? ['none'] : [
    `${job.jobId}: ${job.reason ?? 'no reason recorded'}`,
    ...job.lines.slice(-5).map((l) => `${l.t} ${l.level} ${l.msg}`),
    ...(job.outputTail.length > 0 ? ['last output:', ...job.outputTail.map((l) => `  | ${l}`)] : []),
  ]);

  if (report.notes.length > 0) section(lines, 'Not collected, or only in part', report.notes.map((n) => `- ${n.item}: ${n.reason}`));
  return `${lines.join('\n')}\n`;
}

function section(lines: string[], title: string, body: string[]): void {
  lines.push('', `${title}:`, ...body.map((b) => `  ${b}`));
}
