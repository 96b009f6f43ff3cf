import type { PayoutsSnapshot } from '../../../../shared/contract/earnings';
import { formatNos } from '../../../../shared/format';
import { Card } from '../card';

/** Each settlement the grid paid, with its reference. */
export function PayoutsCard({ payouts }: { payouts: PayoutsSnapshot | null }) {
  return (
    <Card title="Payouts" labelledBy="earnings-payouts">
      {!payouts ? (
        <p className="muted">Loading…</p>
      ) : payouts.problem ? (
        <p className="muted">{payouts.problem}</p>
      ) : payouts.payouts.length === 0 ? (
        <p className="empty">No payouts yet: the grid settles finished jobs in batches, and each settlement appears here with its reference.</p>
      ) : (
        <table className="data" data-testid="payouts-table">
          <thead>
            <tr>
              <th scope="col">Settled</th>
              <th scope="col">Reference</th>
              <th scope="col">Jobs</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {payouts.payouts.map((p) => (
              <tr key={p.reference}>
                <td>{new Date(p.settledAt).toLocaleString()}</td>
                <td>
                  <code>{p.reference}</code>
                </td>
                <td>{p.runs}</td>
                <td>{formatNos(p.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
