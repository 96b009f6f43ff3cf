import {
  BaseMessageSignerWalletAdapter,
  WalletConnectionError,
  WalletNotConnectedError,
  WalletReadyState,
  WalletSignMessageError,
  WalletSignTransactionError,
  type WalletName,
} from '@solana/wallet-adapter-base';
import { PublicKey, type Transaction, type VersionedTransaction } from '@solana/web3.js';

export const NodeKeyWalletName = 'GridHost node key' as WalletName<'GridHost node key'>;

/** How the adapter reaches the main process, where the key is. The key itself never comes to the window. */
export interface NodeKeyBridge {
  /** The node's address (base58). */
  address(): Promise<string>;
  /** Signs text in main, inside the Solana off-chain message envelope; returns the 64-byte signature. */
  signMessage(message: Uint8Array): Promise<Uint8Array>;
}

// A plain green key on a rounded square, as a data: image (the window's CSP allows data: images).
const ICON =
  'data:image/svg+xml;base64,' +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b6b3a"/>' +
      '<circle cx="12" cy="16" r="5" fill="none" stroke="#fff" stroke-width="3"/><path d="M17 16h10M23 16v5M27 16v4" ' +
      'stroke="#fff" stroke-width="3"/></svg>',
  );

/**
 * The host's own key as a wallet-adapter wallet. Signing goes to the main process over the API. Messages are
 * signed inside the Solana off-chain message envelope (`solana verify-offchain-signature` checks them), so
 * a signature made here can never authorise a transaction or a grid request; transactions are refused:
 * the host alone decides what its key signs on chain.
 */
export class NodeKeyWalletAdapter extends BaseMessageSignerWalletAdapter<'GridHost node key'> {
  readonly name = NodeKeyWalletName;
  /** wallet-adapter wants a page about the wallet: this one is the Wallet page itself. */
  readonly url = '#/wallet';
  readonly icon = ICON;
  readonly supportedTransactionVersions = null;
  readyState = WalletReadyState.Loadable;
  private key: PublicKey | null = null;
  private opening = false;

  constructor(private readonly bridge: NodeKeyBridge) {
    super();
  }

  get publicKey(): PublicKey | null {
    return this.key;
  }

  get connecting(): boolean {
    return this.opening;
  }

  async connect(): Promise<void> {
    if (this.key || this.opening) return;
    this.opening = true;
    try {
      this.key = new PublicKey(await this.bridge.address());
      this.emit('connect', this.key);
    } catch (err) {
      const error = new WalletConnectionError((err as Error).message, err);
      this.emit('error', error);
      throw error;
    } finally {
      this.opening = false;
    }
  }

  async disconnect(): Promise<void> {
    if (!this.key) return;
    this.key = null;
    this.emit('disconnect');
  }

  async signMessage(message: Uint8Array): Promise<Uint8Array> {
    if (!this.key) throw new WalletNotConnectedError();
    try {
      return await this.bridge.signMessage(message);
    } catch (err) {
      const error = new WalletSignMessageError((err as Error).message, err);
      this.emit('error', error);
      throw error;
    }
  }

  async signTransaction<T extends Transaction | VersionedTransaction>(_transaction: T): Promise<T> {
    const error = new WalletSignTransactionError(
      'The node key does not sign transactions from this window. It signs grid requests in the host, and ' +
        'off-chain messages here; to move funds, use your payout wallet.',
    );
    this.emit('error', error);
    throw error;
  }
}
