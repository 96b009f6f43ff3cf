import type { EarningsReports } from '../earnings/earnings-reports';
import type { ApiHandlers } from './dispatcher';

type EarningsHandlers = Pick<ApiHandlers, 'earnings.report' | 'earnings.payouts' | 'earnings.export' | 'explorer.snapshot'>;

/** Earnings for planning (totals, series, net, projection), payouts, the CSV export, and the grid's explorer. */
export function earningsHandlers({ reports }: { reports: EarningsReports }): EarningsHandlers {
  return {
    'earnings.report': () => reports.report(),
    'earnings.payouts': () => reports.payouts(),
    'earnings.export': () => reports.exportCsv(),
    'explorer.snapshot': () => reports.explorer(),
  };
}
