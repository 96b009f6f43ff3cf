import type { EarningsReport } from '../../../../shared/contract/earnings';
import { formatNos } from '../../../../shared/format';
import { Card } from '../card';

/** What the machine should earn a day and a month, with the assumption in words. */
export function ProjectionCard({ report }: { report: EarningsReport }) {
  const p = report.projection;
  return (
    <Card title="Projection" labelledBy="earnings-projection">
      {p ? (
        <div data-testid="earnings-projection">
          <p className="headline">
            {formatNos(p.perDay)} a day · {formatNos(p.perMonth)} a month
          </p>
          <p className="muted">{p.assumption}</p>
        </div>
      ) : (
        <p className="muted" data-testid="earnings-projection-missing">{report.projectionProblem}</p>
      )}
    </Card>
  );
}
