import { ConnectionProvider, WalletProvider } from '@solana/wallet-adapter-react';
import bs58 from 'bs58';
import { useMemo, type ReactNode } from 'react';
import { api } from '../../api/client';
import { NodeKeyWalletAdapter, type NodeKeyBridge } from './node-key-adapter';

/** The node key reached through the API: signatures are made in main, the key never comes here. */
function apiBridge(address: string): NodeKeyBridge {
  return {
    address: async () => address,
    signMessage: async (message) => {
      let binary = '';
      for (const byte of message) binary += String.fromCharCode(byte);
      const { signature } = await api().walletSignMessage({ message: btoa(binary) });
      return bs58.decode(signature);
    },
  };
}

// A Connection needs a URL even where nothing is sent: the window's CSP (connect-src 'self') lets no RPC
// call out of it anyway. Balances are read in main, where the configured URL (and any API key in it) stays.
const NO_ENDPOINT = 'http://127.0.0.1:8899';

/** wallet-adapter's providers for the Wallet page, with the host's own key as the one wallet. */
export function WalletProviders({ address, endpoint, children }: { address: string; endpoint: string; children: ReactNode }) {
  const wallets = useMemo(() => [new NodeKeyWalletAdapter(apiBridge(address))], [address]);
  return (
    <ConnectionProvider endpoint={endpoint || NO_ENDPOINT}>
      <WalletProvider wallets={wallets} autoConnect localStorageKey="gridhost.wallet">
        {children}
      </WalletProvider>
    </ConnectionProvider>
  );
}
