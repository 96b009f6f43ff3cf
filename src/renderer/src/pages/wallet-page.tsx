import { lazy, Suspense, useEffect } from 'react';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { AddressCard } from '../components/wallet/address-card';
import { BalancesCard } from '../components/wallet/balances-card';
import { EarningsCard } from '../components/wallet/earnings-card';
import { NetworkForm } from '../components/wallet/network-form';
import { PayoutForm } from '../components/wallet/payout-form';
import '../components/wallet/wallet.css';
import {
  useNetworkState,
  usePayoutState,
  useWalletError,
  useWalletLoading,
  useWalletStatus,
  walletActions,
} from '../stores/wallet-store';

// web3.js and wallet-adapter load only when the Wallet page opens.
const NodeKeySection = lazy(() => import('../components/wallet/node-key-section'));

/** The node's address, its balances, the owner's payout address and pending versus settled earnings. */
export function WalletPage() {
  const status = useWalletStatus();
  const loading = useWalletLoading();
  const error = useWalletError();
  const payout = usePayoutState();
  const network = useNetworkState();

  useEffect(() => {
    void walletActions.load();
  }, []);

  if (!status) {
    return (
      <Page title="Wallet">
        {error ? (
          <Notice tone="fail" title="The wallet could not be opened">
            <p data-testid="wallet-error">{error}</p>
          </Notice>
        ) : (
          <p className="muted">Opening the node key and reading balances…</p>
        )}
      </Page>
    );
  }
  return (
    <Page title="Wallet" intro="This machine's own Solana address, what it holds, and where your earnings go.">
      {error ? <Notice tone="warn" title="The last refresh failed">{error}</Notice> : null}
      <AddressCard address={status.address} keyProtection={status.keyProtection} />
      <BalancesCard status={status} loading={loading} onRefresh={() => void walletActions.load()} />
      <PayoutForm
        current={status.payoutAddress}
        problem={status.payoutProblem}
        saving={payout.saving}
        error={payout.error}
        onSave={walletActions.setPayout}
        onEdit={walletActions.clearPayoutError}
      />
      <EarningsCard earnings={status.earnings} />
      <NetworkForm key={status.cluster} cluster={status.cluster} saving={network.saving} error={network.error} onSave={walletActions.setNetwork} />
      <Suspense fallback={<p className="muted">Loading the node key's signing tools…</p>}>
        <NodeKeySection address={status.address} endpoint={status.endpoint} />
      </Suspense>
    </Page>
  );
}
