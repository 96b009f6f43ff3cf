import { useEffect } from 'react';
import { formatDuration, formatNos } from '../../../shared/format';
import { Card } from '../components/card';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { ShowOlder } from '../components/show-older';
import { StatusPill } from '../components/status-pill';
import { earningsActions, useEarnings, useEarningsError, useEarningsLoadingOlder } from '../stores/earnings-store';
import { outcomeLabel } from './job-outcome';

/** Per-job gross earnings, pending (earned, not paid out yet) versus settled (paid out). */
export function EarningsPage() {
  const earnings = useEarnings();
  const error = useEarningsError();
  const loadingOlder = useEarningsLoadingOlder();
  useEffect(() => void earningsActions.load(), []);

  return (
    <Page title="Earnings" intro="Amounts are gross: what the grid pays, before the electricity your machine used.">
      {error ? <Notice tone="fail" title="Could not load the earnings">{error}</Notice> : null}
      {earnings?.problem ? <Notice tone="warn" title="Showing the last known figures">{earnings.problem}</Notice> : null}
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
    </Page>
  );
}
