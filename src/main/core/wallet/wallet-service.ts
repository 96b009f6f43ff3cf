import type { Logger } from '../ports';
import { resolveCluster } from './cluster';
import { formatKeygenJson } from './keygen-json';
import type { NodeKeypair } from './node-keypair';
import type { NodeKeystore } from './node-keystore';
import { encodeOffchainMessage } from './offchain-message';
import { validatePayoutAddress } from './payout-address';
import type {
  BalanceSource,
  BalanceSourceFactory,
  EarningsSummary,
  EarningsSummarySource,
  WalletSettingsPort,
} from './ports';

/** A value read from somewhere that may be down: the value, or a sentence saying it is unavailable. */
export type Reading<T> = { ok: true; value: T } | { ok: false; message: string };

/** What the Wallet page and `gridhost wallet` show. Amounts are integers: lamports, NOS base units (micro-NOS). */
export interface WalletStatus {
  address: string;
  cluster: 'mainnet-beta' | 'devnet' | 'custom';
  /** The RPC endpoint balances came from, without credentials. */
  endpoint: string;
  sol: Reading<bigint>;
  nos: Reading<bigint>;
  nosMint: string | null;
  payoutAddress: string | null;
  /** Why the stored payout address is not used (it was set outside the Wallet page and is not valid). */
  payoutProblem: string | null;
  earnings: Reading<EarningsSummary>;
  /** How the node key is protected at rest, in the owner's words. */
  keyProtection: string;
}

export interface WalletServiceDeps {
  keystore: NodeKeystore;
  balances: BalanceSourceFactory;
  earnings: EarningsSummarySource | null;
  settings: WalletSettingsPort;
  logger: Logger;
}

/**
 * The wallet: the node's identity (unlocked once, kept in main), its balances on the configured cluster, the
 * owner's payout address, and earnings from the grid. Every outside failure becomes a Reading that says what
 * is unavailable and from where; status() itself does not throw once the key is open.
 */
export class WalletService {
  private keypair: NodeKeypair | null = null;
  private opening: Promise<NodeKeypair> | null = null;
  private source: { endpoint: string; balances: BalanceSource } | null = null;
  private readonly logger: Logger;

  constructor(private readonly deps: WalletServiceDeps) {
    this.logger = deps.logger.child({ component: 'wallet' });
  }

  /** Unlocks the node key, making one on first run. Concurrent callers share one unlock. */
  openIdentity(): Promise<NodeKeypair> {
    if (this.keypair) return Promise.resolve(this.keypair);
    this.opening ??= this.deps.keystore
      .loadOrCreate()
      .then(({ keypair }) => {
        this.keypair = keypair;
        return keypair;
      })
      .finally(() => {
        this.opening = null;
      });
    return this.opening;
  }

  /** The node key as a solana-keygen file (JSON array of 64 numbers), for a backup the owner asked for. */
  async exportKeygen(): Promise<string> {
    const keypair = await this.openIdentity();
    this.logger.warn('node key exported for a backup', { address: keypair.address });
    return formatKeygenJson(keypair);
  }

  /**
   * Restores the node key from a solana-keygen file. Replacing a different key needs `replace` (the old key
   * file is kept beside the new one). `gridhost key import` calls it; a host already running signs with the
   * old key until it starts again.
   */
  async importKeygen(text: string, options: { replace: boolean }): Promise<string> {
    const keypair = await this.deps.keystore.importKeygen(text, options);
    this.keypair = keypair;
    return keypair.address;
  }

  /** Address, balances, payout address and earnings, each read independently. */
  async status(): Promise<WalletStatus> {
    const keypair = await this.openIdentity();
    const config = this.deps.settings.read();
    const target = resolveCluster(config);
    const earnings = this.readEarnings();
    const base = {
      address: keypair.address,
      cluster: config.cluster,
      ...this.checkedPayout(config.payoutAddress, keypair.address),
      keyProtection: this.deps.keystore.describeProtection(),
    };
    if ('error' in target) {
      const missing: Reading<bigint> = { ok: false, message: target.error };
      return { ...base, endpoint: '', nosMint: null, sol: missing, nos: missing, earnings: await earnings };
    }
    const source = this.sourceFor(target.endpoint);
    const unavailable = (what: string) => (err: unknown): Reading<bigint> => {
      this.logger.warn(`${what} balance unavailable`, { endpoint: target.endpointLabel, error: describe(err) });
      return { ok: false, message: `balance unavailable from ${target.endpointLabel}` };
    };
    const [sol, nos] = await Promise.all([
      source.lamports(keypair.address).then((value): Reading<bigint> => ({ ok: true, value }), unavailable('SOL')),
      source
        .tokenBaseUnits(keypair.address, target.nosMint)
        .then((value): Reading<bigint> => ({ ok: true, value }), unavailable('NOS')),
    ]);
    return { ...base, endpoint: target.endpointLabel, nosMint: target.nosMint, sol, nos, earnings: await earnings };
  }

  /** Sets (or clears, with null) the address earnings are paid to. Throws WalletError when it is not valid. */
  async setPayoutAddress(input: string | null): Promise<string | null> {
    const keypair = await this.openIdentity();
    const address = input === null ? null : validatePayoutAddress(input, keypair.address);
    await this.deps.settings.writePayoutAddress(address);
    this.logger.info(address ? 'payout address set' : 'payout address cleared', { payoutAddress: address });
    return address;
  }

  /**
   * Signs text the window asked to sign, inside the Solana off-chain message envelope, so that the signature
   * cannot authorise a transaction or a grid request. Returns the signature and the exact bytes signed.
   */
  async signOffchainMessage(message: Uint8Array): Promise<{ signature: Uint8Array; signedMessage: Uint8Array }> {
    const signedMessage = encodeOffchainMessage(message);
    const keypair = await this.openIdentity();
    const signature = await keypair.sign(signedMessage);
    this.logger.info('off-chain message signed with the node key', { bytes: message.length });
    return { signature, signedMessage };
  }

  /** The stored payout address, checked again: settings can be edited by hand or through settings.update. */
  private checkedPayout(stored: string | null, nodeAddress: string) {
    if (stored === null) return { payoutAddress: null, payoutProblem: null };
    try {
      return { payoutAddress: validatePayoutAddress(stored, nodeAddress), payoutProblem: null };
    } catch (err) {
      return { payoutAddress: null, payoutProblem: `The saved payout address is not used: ${(err as Error).message}` };
    }
  }

  private async readEarnings(): Promise<Reading<EarningsSummary>> {
    if (!this.deps.earnings) {
      return { ok: false, message: 'earnings unavailable: this node is not connected to a grid' };
    }
    try {
      return { ok: true, value: await this.deps.earnings.earningsSummary() };
    } catch (err) {
      this.logger.warn('earnings summary unavailable', { error: describe(err) });
      return { ok: false, message: `earnings unavailable from the grid (${describe(err)})` };
    }
  }

  /** One balance source for the configured endpoint, made again when the cluster setting changes. */
  private sourceFor(endpoint: string): BalanceSource {
    if (this.source?.endpoint !== endpoint) this.source = { endpoint, balances: this.deps.balances(endpoint) };
    return this.source.balances;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
