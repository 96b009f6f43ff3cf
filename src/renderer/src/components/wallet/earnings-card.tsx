import { formatNos } from '../../../../shared/format';
import type { WalletStatus } from '../../../../shared/contract/wallet';
import { Card } from '../card';

/** Pending versus settled earnings as the grid reports them (gross, before electricity). */
export function EarningsCard({ earnings }: { earnings: WalletStatus['earnings'] }) {
  return (
    <Card title="Earnings from the grid" labelledBy="wallet-earnings-title">
      {earnings.ok ? (
        <>
          <dl className="wallet-figures">
            <div>
              <dt>Pending (earned, not paid out yet)</dt>
              <dd className="wallet-amount" data-testid="wallet-pending">
                {formatNos(earnings.value.pending)} gross
              </dd>
            </div>
            <div>
              <dt>Settled (paid out)</dt>
              <dd className="wallet-amount" data-testid="wallet-settled">
                {formatNos(earnings.value.settled)} gross
              </dd>
            </div>
          </dl>
          {earnings.value.pending === '0' && earnings.value.settled === '0' ? (
            <p className="muted">Your first job's earnings appear here when it finishes.</p>
          ) : null}
        </>
      ) : (
        <p className="wallet-unavailable" data-testid="wallet-earnings-unavailable">
          {earnings.message}
        </p>
      )}
    </Card>
  );
}
