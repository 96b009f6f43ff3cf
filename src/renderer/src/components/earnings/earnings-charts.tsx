import { useState } from 'react';
import type { EarningsReport } from '../../../../shared/contract/earnings';
import { Card } from '../card';
import { EarningsChart } from './earnings-chart';

const PERIODS = [
  ['day', 'Per day', 'the last 30 days'],
  ['week', 'Per week', 'the last 12 weeks, from Monday'],
  ['month', 'Per month', 'the last 12 months'],
] as const;

/** Gross (and net, with a NOS price) per day, week or month. */
export function EarningsCharts({ report }: { report: EarningsReport }) {
  const [period, setPeriod] = useState<(typeof PERIODS)[number][0]>('day');
  const [, title, span] = PERIODS.find(([id]) => id === period)!;
  return (
    <Card title="Over time" labelledBy="earnings-over-time">
      <div className="segmented" role="tablist" aria-label="Period">
        {PERIODS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={id === period} className={id === period ? 'selected' : ''} onClick={() => setPeriod(id)}>
            {label}
          </button>
        ))}
      </div>
      <EarningsChart points={report.series[period]} showNet={report.nosPrice !== null} label={`Gross earnings ${title.toLowerCase()}, ${span}`} />
      <p className="muted small">
        {title}, {span}: gross in NOS{report.nosPrice === null ? '. Net appears once you set a NOS price.' : ', and net after the electricity estimate.'}
      </p>
    </Card>
  );
}
