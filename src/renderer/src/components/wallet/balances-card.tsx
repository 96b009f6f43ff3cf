import { formatNos, formatSol } from '../../../../shared/format';
import type { WalletStatus } from '../../../../shared/contract/wallet';
import { Button } from '../button';
import { Card } from '../card';

type Reading = WalletStatus['sol'];

/** SOL and NOS on the configured cluster, each with the endpoint it came from or why it is unavailable. */
export function BalancesCard({ status, loading, onRefresh }: { status: WalletStatus; loading: boolean; onRefresh: () => void }) {
  return (
    <Card title="Balances" labelledBy="wallet-balances-title">
      <dl className="wallet-figures">
        <Balance label="SOL (pays network fees)" reading={status.sol} format={(v) => formatSol(v)} testId="wallet-sol" />
        <Balance label="NOS (the grid's pay token)" reading={status.nos} format={(v) => formatNos(v)} testId="wallet-nos" />
      </dl>
      <p className="muted">
        {status.endpoint ? (
          <>
            From <code data-testid="wallet-endpoint">{status.endpoint}</code> ({status.cluster}). Choose the network below.
          </>
        ) : (
          'No RPC endpoint is configured.'
        )}
      </p>
      <div className="actions">
        <Button onClick={onRefresh} disabled={loading} aria-busy={loading}>
          {loading ? 'Reading balances…' : 'Refresh balances'}
        </Button>
      </div>
    </Card>
  );
}

function Balance({ label, reading, format, testId }: { label: string; reading: Reading; format: (v: string) => string; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>
        {reading.ok ? <span className="wallet-amount">{format(reading.value)}</span> : <span className="wallet-unavailable">{reading.message}</span>}
      </dd>
    </div>
  );
}
