import { useEffect } from 'react';
import { earningsReportActions, useEarningsReport } from '../../stores/earnings-report-store';
import { Card } from '../card';
import './earnings.css';
import { EarningsTotals } from './earnings-totals';

/** What the machine earns, on Overview: the same totals as the Earnings page. */
export function OverviewEarnings() {
  const report = useEarningsReport();
  useEffect(() => void earningsReportActions.load(), []);
  return (
    <Card title="Earnings" labelledBy="overview-earnings">
      {report ? <EarningsTotals report={report} /> : <p className="muted">Loading…</p>}
      <p>
        <a href="#/earnings">Charts, projection, payouts and export</a>
      </p>
    </Card>
  );
}
