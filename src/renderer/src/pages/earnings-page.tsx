import { useEffect } from 'react';
import { formatDuration, formatNos } from '../../../shared/format';
import { Button } from '../components/button';
import { Card } from '../components/card';
import '../components/earnings/earnings.css';
import { EarningsCharts } from '../components/earnings/earnings-charts';
import { EarningsTotals } from '../components/earnings/earnings-totals';
import { PayoutsCard } from '../components/earnings/payouts-card';
import { ProjectionCard } from '../components/earnings/projection-card';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { ShowOlder } from '../components/show-older';
import { StatusPill } from '../components/status-pill';
import { earningsActions, useEarnings, useEarningsError, useEarningsLoadingOlder } from '../stores/earnings-store';
import { earningsReportActions, useEarningsReport, useEarningsReportError, useExporting, usePayouts } from '../stores/earnings-report-store';
import { outcomeLabel } from './job-outcome';

/**
 * Earnings to plan with: totals for today, 7 and 30 days, charts, the electricity estimate and net, the
 * projection, payouts, the CSV export, and per-job gross amounts, pending versus settled.
 */
export function EarningsPage() {
  const earnings = useEarnings();
  const error = useEarningsError();
  const loadingOlder = useEarningsLoadingOlder();
  const report = useEarningsReport();
  const reportError = useEarningsReportError();
  const payouts = usePayouts();
  const exporting = useExporting();
  useEffect(() => {
    void earningsActions.load();
    void earningsReportActions.load({ payouts: true });
  }, []);

  return (
    <Page title="Earnings" intro="Amounts are gross (what the grid pays) unless marked net; electricity and net are estimates.">
      {error ? <Notice tone="fail" title="Could not load the earnings">{error}</Notice> : null}
      {reportError ? <Notice tone="fail" title="Could not load the totals">{reportError}</Notice> : null}
      {earnings?.problem ? <Notice tone="warn" title="Showing the last known figures">{earnings.problem}</Notice> : null}
      <div className="card-actions">
        <Button onClick={() => void earningsReportActions.exportCsv()} disabled={exporting} data-testid="earnings-export">
          {exporting ? 'Exporting…' : 'Export CSV'}
        </Button>
      </div>
      {report ? <EarningsTotals report={report} /> : null}
      {report ? <EarningsCharts report={report} /> : null}
      {report ? <ProjectionCard report={report} /> : null}
      <div className="grid-2">
        <Card title="Pending (gross)" labelledBy="earnings-pending">
          <p className="headline" data-testid="earnings-pending">
            {earnings ? formatNos(earnings.totals.pending) : '…'}
          </p>
          <p className="muted">Earned for finished jobs, not paid out yet.</p>
        </Card>
        <Card title="Settled (gross)" labelledBy="earnings-settled">
          <p className="headline" data-testid="earnings-settled">
            {earnings ? formatNos(earnings.totals.settled) : '…'}
          </p>
          <p className="muted">Paid out by the grid.</p>
        </Card>
      </div>
      <Card title="Per job" labelledBy="earnings-per-job">
        {!earnings ? (
          <p className="muted">Loading…</p>
        ) : earnings.entries.length === 0 ? (
          <p className="empty" data-testid="earnings-empty">
            Your first job&apos;s earnings appear here when it finishes: the seconds it ran, the price per second and the gross amount,
            pending until the grid pays it out.
          </p>
        ) : (
          <table className="data" data-testid="earnings-table">
            <thead>
              <tr>
                <th scope="col">Ended</th>
                <th scope="col">Market</th>
                <th scope="col">Paid time</th>
                <th scope="col">Price per second</th>
                <th scope="col">Gross</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {earnings.entries.map((e) => (
                <tr key={e.runId}>
                  <td>
                    {new Date(e.endedAt).toLocaleString()}
                    <div className="muted">{outcomeLabel(e)}</div>
                  </td>
                  <td>{e.market}</td>
                  <td>
                    {formatDuration(e.secondsPaid * 1000)}
                    {e.secondsPaid < e.secondsRun ? <div className="muted">ran {formatDuration(e.secondsRun * 1000)}; capped at the job timeout</div> : null}
                  </td>
                  <td>{formatNos(e.pricePerSecond)}</td>
                  <td>{formatNos(e.gross)} gross</td>
                  <td>
                    {e.status === 'settled' ? <StatusPill tone="ok">Settled</StatusPill> : <StatusPill tone="info">Pending</StatusPill>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ShowOlder more={Boolean(earnings?.nextBefore)} loading={loadingOlder} onShow={() => void earningsActions.loadOlder()} testId="earnings-show-older" />
      </Card>
      <PayoutsCard payouts={payouts} />
    </Page>
  );
}
