import { z } from 'zod';
import { request } from './define';

/*
 * The wallet domain: the node's address, its SOL and NOS balances on the configured Solana cluster, the
 * owner's payout address, and pending versus settled earnings. Amounts cross the API as decimal strings of
 * integers (lamports, NOS base units = micro-NOS): JSON has no 64-bit integers, and money is never a float.
 * The node key itself never crosses the API; the window can only ask main to sign an off-chain message.
 */

const NoParams = z.object({}).strict();

/** A whole number of base units (lamports or micro-NOS), as a decimal string. */
export const AmountSchema = z.string().regex(/^\d{1,30}$/, 'an amount is a whole number of base units');

/** A base58 Solana address, checked for shape only (main checks the rest and says what is wrong). */
export const SolanaAddressSchema = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);

/** A value read from an outside source that may be down: the amount, or why it is unavailable. */
const reading = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    /** `message` is written for the owner, e.g. "balance unavailable from https://api.devnet.solana.com". */
    z.object({ ok: z.literal(false), message: z.string() }),
  ]);

export const WalletStatusSchema = z.object({
  /** The node's own address (base58 ed25519 public key). */
  address: SolanaAddressSchema,
  cluster: z.enum(['mainnet-beta', 'devnet', 'custom']),
  /** The JSON-RPC endpoint the balances come from, without credentials; empty when none is configured. */
  endpoint: z.string(),
  /** SOL balance in lamports (1 SOL = 1e9 lamports). It pays transaction fees. */
  sol: reading(AmountSchema),
  /** NOS balance in micro-NOS (NOS has 6 decimals). */
  nos: reading(AmountSchema),
  /** The NOS mint read on this cluster. */
  nosMint: z.string().nullable(),
  /** Where the owner wants earnings paid; null means not set. */
  payoutAddress: SolanaAddressSchema.nullable(),
  /** Why the saved payout address is not used (it is not a valid wallet address); null when all is well. */
  payoutProblem: z.string().nullable(),
  /** Earnings from the grid in micro-NOS: pending (earned, not paid out yet) and settled (paid out). */
  earnings: reading(z.object({ pending: AmountSchema, settled: AmountSchema })),
  /** How the node key is protected at rest, in the owner's words. */
  keyProtection: z.string(),
});
export type WalletStatus = z.infer<typeof WalletStatusSchema>;

/** The most a signed message may be, in bytes, before base64 (the Ledger-compatible off-chain limit). */
export const MAX_SIGNED_MESSAGE_BYTES = 1212;

export const walletRequests = {
  'wallet.status': request(
    'The node address, SOL and NOS balances, payout address and pending versus settled earnings.',
    NoParams,
    WalletStatusSchema,
  ),
  'wallet.payout.set': request(
    'Set the payout address (null clears it). Refused with payout_address_invalid and the reason when it is not a wallet address.',
    z.object({ address: z.string().max(128).nullable() }).strict(),
    z.object({ payoutAddress: SolanaAddressSchema.nullable() }),
  ),
  'wallet.signMessage': request(
    'Sign text with the node key, inside the Solana off-chain message envelope (never a transaction).',
    z.object({ message: z.base64().max(Math.ceil(MAX_SIGNED_MESSAGE_BYTES / 3) * 4) }).strict(),
    z.object({
      /** Base58 ed25519 signature of `signedMessage`. */
      signature: z.string(),
      /** The exact bytes signed (envelope + message), base64. */
      signedMessage: z.base64(),
    }),
  ),
};

/** No wallet events of its own: a payout address change arrives as `settings.changed`. */
export const walletEvents = {};
