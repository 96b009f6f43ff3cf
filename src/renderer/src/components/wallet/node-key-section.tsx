import { SignMessageCard } from './sign-message-card';
import { WalletProviders } from './wallet-providers';

/**
 * The part of the Wallet page that needs @solana/web3.js and wallet-adapter: loaded on its own (React.lazy)
 * so that the rest of the dashboard does not carry them.
 */
export default function NodeKeySection({ address, endpoint }: { address: string; endpoint: string }) {
  return (
    <WalletProviders address={address} endpoint={endpoint}>
      <SignMessageCard />
    </WalletProviders>
  );
}
