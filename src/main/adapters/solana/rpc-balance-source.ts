import { Connection, PublicKey, type FetchFn } from '@solana/web3.js';
import { z } from 'zod';
import type { BalanceSource } from '../../core/wallet/ports';

/** A balance read failed: the endpoint is down, slow, refused us, or answered nonsense. Says which, no URL. */
export class BalanceUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BalanceUnavailableError';
  }
}

export interface RpcBalanceSourceOptions {
  /** Gives up on a call after this long; a hung RPC must not hang the Wallet page. */
  timeoutMs?: number;
}

// The RPC's jsonParsed token account: the amount is a decimal string of base units, the only field we trust.
const ParsedTokenAccountSchema = z.object({
  program: z.enum(['spl-token', 'spl-token-2022']),
  parsed: z.object({
    type: z.literal('account'),
    info: z.object({
      mint: z.string(),
      tokenAmount: z.object({ amount: z.string().regex(/^\d{1,20}$/) }),
    }),
  }),
});

/**
 * Balances from a Solana JSON-RPC endpoint through @solana/web3.js's Connection: SOL via getBalance, a token
 * via getTokenAccountsByOwner (jsonParsed) filtered by mint, summed over all of the owner's accounts of that
 * mint. Integers only: lamports and token base units as bigint, never uiAmount (a float).
 */
export class RpcBalanceSource implements BalanceSource {
  private readonly connection: Connection;

  constructor(endpoint: string, options: RpcBalanceSourceOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    // web3.js keeps only the message of a fetch error, so say here, in the message, what happened.
    const fetchWithTimeout: FetchFn = async (input, init) => {
      try {
        return await fetch(input as string, { ...(init as RequestInit), signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const error = err as Error & { cause?: { code?: string } };
        if (error.name === 'TimeoutError') throw new Error(`no answer in ${timeoutMs} ms`);
        throw new Error(`connection failed (${error.cause?.code ?? error.message})`);
      }
    };
    this.connection = new Connection(endpoint, {
      commitment: 'confirmed',
      fetch: fetchWithTimeout,
      // web3.js would otherwise retry a 429 for up to ~10 s; the page says "unavailable" and the owner retries.
      disableRetryOnRateLimit: true,
    });
  }

  async lamports(address: string): Promise<bigint> {
    const owner = toPublicKey(address);
    const lamports = await this.call(() => this.connection.getBalance(owner));
    if (!Number.isSafeInteger(lamports) || lamports < 0) {
      throw new BalanceUnavailableError(`the endpoint answered a balance that is not a whole number (${lamports})`);
    }
    return BigInt(lamports);
  }

  async tokenBaseUnits(owner: string, mint: string): Promise<bigint> {
    const ownerKey = toPublicKey(owner);
    const mintKey = toPublicKey(mint);
    const { value } = await this.call(() =>
      this.connection.getParsedTokenAccountsByOwner(ownerKey, { mint: mintKey }),
    );
    let total = 0n;
    for (const { account } of value) {
      const parsed = ParsedTokenAccountSchema.safeParse(account.data);
      if (!parsed.success || parsed.data.parsed.info.mint !== mint) {
        throw new BalanceUnavailableError('the endpoint answered a token account this app cannot read');
      }
      total += BigInt(parsed.data.parsed.info.tokenAmount.amount);
    }
    return total;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new BalanceUnavailableError(reasonOf(err));
    }
  }
}

function toPublicKey(address: string): PublicKey {
  try {
    return new PublicKey(address);
  } catch {
    throw new BalanceUnavailableError(`"${address}" is not a Solana address`);
  }
}

/** A short reason without the endpoint URL (custom URLs often carry an API key) or web3.js's wrapping. */
function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const unwrapped = message.replace(/^failed to [^:]+: /, '');
  if (unwrapped.startsWith('StructError')) return 'the endpoint answered something that is not a Solana JSON-RPC reply';
  const inner = unwrapped.replace(/^\w*Error: /, '');
  const http = /^(\d{3})\b/.exec(inner);
  if (http) return `HTTP ${http[1]}`;
  return inner.replace(/https?:\/\/\S+/g, '<endpoint>').slice(0, 200);
}
