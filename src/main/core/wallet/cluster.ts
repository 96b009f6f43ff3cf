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
  return { cluster, endpoint, endpointLabel: endpointLabel(endpoint), nosMint };
}

/**
 * An RPC URL as it may be shown, logged or sent to support: scheme and host only. Providers put API keys in
 * the query (?api-key=), the user info, or the path (…/v2/<key>, or the whole first segment), so no part of
 * the path is kept either.
 */
export function endpointLabel(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    const hidden = url.pathname !== '/' || url.search !== '' || url.username !== '' || url.hash !== '';
    return `${url.protocol}//${url.host}${hidden ? '/…' : ''}`;
  } catch {
    return 'the configured RPC endpoint';
  }
}

/**
 * The parts of a custom RPC URL that may be an API key (the whole URL, user info, long path segments, query
 * values), for the log redactor to erase wherever they appear.
 */
export function rpcUrlSecrets(endpoint: string): string[] {
  try {
    const url = new URL(endpoint);
    const parts = [endpoint, url.username, url.password, ...url.pathname.split('/'), ...url.searchParams.values()];
    return parts.filter((p) => p.length >= 8);
  } catch {
    return endpoint.length >= 8 ? [endpoint] : [];
  }
}
