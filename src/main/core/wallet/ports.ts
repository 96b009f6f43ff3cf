/**
 * The wallet's own narrow ports. Adapters implement them (src/main/adapters/solana, src/main/adapters/electron,
 * src/main/adapters/fs, the grid client); unit tests pass small fakes.
 */
import type { JsonDocumentStore } from '../ports';

/** The sealed form of the node's seed, as stored in the keystore file (JSON-safe). */
export type SealedSeed = Record<string, unknown>;

/**
 * What protects the seed at rest: a passphrase, the OS keyring (Electron safeStorage), or only the key file's
 * permissions. `context` is authenticated with the seed (the keystore passes the address), so a sealed seed
 * cannot be moved to another keystore header unnoticed.
 */
export interface KeyProtector {
  /** The `protection.kind` written to the keystore file. */
  readonly kind: string;
  /** Words for the owner: "a passphrase", "the OS keyring (gnome_libsecret)", "file permissions only". */
  describe(): string;
  seal(seed: Uint8Array, context: Uint8Array): Promise<SealedSeed>;
  /** Throws WalletError: wrong_passphrase, keyring_unavailable, keystore_corrupt... */
  open(sealed: SealedSeed, context: Uint8Array): Promise<Uint8Array>;
}

/**
 * The key file's folder on disk, as the keystore needs it: documents written atomically and owner-only, the
 * names beside the key file, and its permissions.
 */
export interface KeyFileAccess {
  /** A JSON document replaced atomically, with mode 0600 (owner only). */
  document(path: string): JsonDocumentStore;
  /** The names of the files in a folder; empty when it cannot be read. */
  list(folder: string): Promise<string[]>;
  /**
   * Makes the file owner-only (0600) when group or others may read or write it. Returns its previous
   * permission bits when it changed them, or null when they were already owner-only (always null where the
   * platform has no such bits: Windows).
   */
  restrictToOwner(path: string): Promise<number | null>;
}

/** Balances on a Solana cluster, as integers (lamports, token base units). */
export interface BalanceSource {
  /** The SOL balance of the address in lamports. Throws when the endpoint cannot answer. */
  lamports(address: string): Promise<bigint>;
  /** The sum of the owner's token accounts for the mint, in the token's base units. */
  tokenBaseUnits(owner: string, mint: string): Promise<bigint>;
}

/** Builds the balance source for a JSON-RPC endpoint (the endpoint follows the cluster setting). */
export type BalanceSourceFactory = (endpoint: string) => BalanceSource;

/** The node's earnings as the grid reports them, in integer micro-NOS. */
export interface EarningsSummary {
  /** Earned for finished jobs but not paid out on chain yet. */
  pendingMicroNos: bigint;
  /** Paid out. */
  settledMicroNos: bigint;
}

/** Where pending versus settled earnings come from (the grid client). Throws when the grid cannot answer. */
export interface EarningsSummarySource {
  earningsSummary(): Promise<EarningsSummary>;
}

/** The wallet section of the settings, as the wallet reads and writes it. */
export interface WalletConfig {
  cluster: 'mainnet-beta' | 'devnet' | 'custom';
  customRpcUrl: string | null;
  payoutAddress: string | null;
  /** NOS mint to read on devnet or a custom cluster; null means the cluster's default. */
  nosMint: string | null;
}

export interface WalletSettingsPort {
  read(): WalletConfig;
  writePayoutAddress(address: string | null): Promise<void>;
}
