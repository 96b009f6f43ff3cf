import type { EarningsReport, PayoutsSnapshot } from '../../../shared/contract/earnings';
import { describeNet, formatMinor } from '../../../shared/earnings-format';
import { formatNos } from '../../../shared/format';
import { UsageError, withHost, type CliCommand } from '../command';

/**
 * `gridhost earnings`: totals for today, 7 and 30 days (local time) with the electricity estimate and net, the
 * projection and the payouts; `--json` the same as JSON (amounts as decimal strings of micro-NOS), `--csv`
 * every ledger row as CSV on stdout.
 */
export const earningsCommand: CliCommand = {
  name: 'earnings',
  summary: 'Show earnings for today, 7 and 30 days, net of electricity (estimate), the projection and payouts; or export them',
  usage: 'gridhost earnings [--json | --csv]',
  options: { json: { type: 'boolean', default: false }, csv: { type: 'boolean', default: false } },
  run(ctx) {
    if (ctx.values.json && ctx.values.csv) throw new UsageError('Use --json or --csv, not both.');
    return withHost(ctx, async ({ api }) => {
      if (ctx.values.csv) {
        const exported = await api.earningsExport();
        ctx.out(exported.csv);
        ctx.err(`${exported.rows} rows.\n`);
        return 0;
      }
      // Brings the ledger up to date with the grid first (when the grid does not answer, the ledger as it stands).
      const synced = await api.earningsList({ limit: 1 });
      if (synced.problem) ctx.err(`${synced.problem}\n`);
      const [report, payouts] = await Promise.all([api.earningsReport(), api.earningsPayouts()]);
      if (ctx.values.json) ctx.out(`${JSON.stringify({ ...report, payouts: payouts.payouts, payoutsProblem: payouts.problem }, null, 2)}\n`);
      else ctx.out(formatEarnings(report, payouts));
      return 0;
    });
  },
};

export function formatEarnings(report: EarningsReport, payouts: PayoutsSnapshot): string {
  const { currency } = report;
  const fiat = (minor: number | null) => (minor === null ? '' : ` (~${formatMinor(minor, currency)})`);
  const lines = [`Earnings (gross; days end at local midnight, ${report.timeZone}):`];
  for (const [label, f] of [['Today', report.totals.today], ['7 days', report.totals.last7Days], ['30 days', report.totals.last30Days]] as const) {
    lines.push(`  ${label.padEnd(8)} ${formatNos(f.gross)}${fiat(f.grossFiat)} from ${f.jobs} job${f.jobs === 1 ? '' : 's'}; ${describeNet(f, currency)}`);
  }
  if (report.electricityPricePerKwh === 0) lines.push('  Electricity is not counted: set your price with `gridhost settings set earnings.electricityPricePerKwh 0.30`.');
  if (report.nosPrice === null) lines.push('  Net in NOS needs a NOS price: `gridhost settings set earnings.nosPrice 0.50` (in your currency; no live feed).');
  lines.push('');
  if (report.projection) {
    lines.push(`Projection: ${formatNos(report.projection.perDay)} a day, ${formatNos(report.projection.perMonth)} a month.`, `  ${report.projection.assumption}`);
  } else lines.push(`Projection: ${report.projectionProblem ?? 'not available'}`);
  lines.push('', 'Payouts:');
  if (payouts.problem) lines.push(`  ${payouts.problem}`);
  else if (payouts.payouts.length === 0) lines.push('  None yet: the grid settles finished jobs in batches.');
  for (const p of payouts.payouts) lines.push(`  ${p.settledAt}  ${p.reference}  ${formatNos(p.amount)}  (${p.runs} job${p.runs === 1 ? '' : 's'})`);
  return `${lines.join('\n')}\n`;
}
