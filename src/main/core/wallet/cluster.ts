import { urlLabel } from '../logs/url-secrets';
import type { WalletConfig } from './ports';

/** NOS, the grid's pay token, on Solana mainnet (SPL token, 6 decimals). */
export const NOS_MINT_MAINNET = 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7';
/** The NOS test token Nosana uses on devnet. */
export const NOS_MINT_DEVNET = 'devr1BGQndEW5k5zfvG5FsLyZv1Ap73vNgAHcQ9sUVP';

const PUBLIC_ENDPOINTS = {
  'mainnet-beta': 'https://api.mainnet-beta.solana.com',
  devnet: 'https://api.devnet.solana.com',
} as const;

/** Where balances are read from, and which mint is NOS there. */
export interface ClusterTarget {
  cluster: WalletConfig['cluster'];
  /** The JSON-RPC URL as configured (it may carry an API key: never log or show it whole). */
  endpoint: string;
  /** The endpoint as it may be shown and logged: origin and path, no credentials or query. */
  endpointLabel: string;
  nosMint: string;
}

/** Resolves the cluster setting to an endpoint and the NOS mint. A custom cluster needs its URL. */
export function resolveCluster(config: WalletConfig): ClusterTarget | { error: string } {
  if (config.cluster === 'custom') {
    if (!config.customRpcUrl) {
      return { error: 'The cluster is set to "custom" but no RPC URL is set. Add one under "Solana network" on the Wallet ' +
          'page, or with `gridhost wallet --rpc-url URL`.' };
    }
    return target('custom', config.customRpcUrl, config.nosMint ?? NOS_MINT_MAINNET);
  }
  const defaultMint = config.cluster === 'mainnet-beta' ? NOS_MINT_MAINNET : NOS_MINT_DEVNET;
  // Mainnet has one NOS; an override there would show a look-alike token as pay.
  const mint = config.cluster === 'mainnet-beta' ? defaultMint : (config.nosMint ?? defaultMint);
  return target(config.cluster, PUBLIC_ENDPOINTS[config.cluster], mint);
}

function target(cluster: WalletConfig['cluster'], endpoint: string, nosMint: string): ClusterTarget {
  return { cluster, endpoint, endpointLabel: urlLabel(endpoint, 'the configured RPC endpoint'), nosMint };
}
