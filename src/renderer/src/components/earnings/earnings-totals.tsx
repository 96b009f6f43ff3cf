import type { EarningsFigures, EarningsReport } from '../../../../shared/contract/earnings';
import { describeNet, formatMinor } from '../../../../shared/earnings-format';
import { formatNos } from '../../../../shared/format';

const SPANS = [
  ['today', 'Today'],
  ['last7Days', 'Last 7 days'],
  ['last30Days', 'Last 30 days'],
] as const;

function Figure({ title, f, currency, id }: { title: string; f: EarningsFigures; currency: string; id: string }) {
  return (
    <div className="earnings-total" data-testid={`earnings-total-${id}`}>
      <h3 className="muted">{title}</h3>
      <p className="headline">{formatNos(f.gross)}</p>
      <p className="muted">
        gross from {f.jobs} job{f.jobs === 1 ? '' : 's'}
        {f.grossFiat === null ? null : <> · ~{formatMinor(f.grossFiat, currency)}</>}
      </p>
      <p className="muted">{describeNet(f, currency)}</p>
    </div>
  );
}

/** Today, 7 days and 30 days (local midnights), gross with the electricity estimate and net beside it. */
export function EarningsTotals({ report }: { report: EarningsReport }) {
  return (
    <>
      <div className="grid-3">
        {SPANS.map(([key, title]) => (
          <Figure key={key} id={key} title={title} f={report.totals[key]} currency={report.currency} />
        ))}
      </div>
      <p className="muted small">
        Days end at local midnight ({report.timeZone}). Electricity and net are estimates: the GPU&apos;s measured power where it was sampled,
        otherwise {report.machineWatts} W for the whole machine, at {report.electricityPricePerKwh} {report.currency}/kWh
        {report.nosPrice === null ? '; set a NOS price in settings (earnings.nosPrice) to see net in NOS.' : ` and 1 NOS = ${report.nosPrice} ${report.currency} (your setting, no live feed).`}
      </p>
    </>
  );
}
