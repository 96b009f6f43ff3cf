import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublicKey, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';

/** The SPL Token program, loaded into LiteSVM by default. */
export const TOKEN_PROGRAM_ID = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const TOKEN_ACCOUNT_BYTES = 165;
const MINT_BYTES = 82;

type KitAddress = Parameters<LiteSVM['getBalance']>[0];
type KitTransaction = Parameters<LiteSVM['sendTransaction']>[0];
type RpcParams = unknown[];

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A Solana JSON-RPC endpoint for tests: a real SVM (LiteSVM executes the System and SPL Token programs)
 * behind the handful of methods @solana/web3.js's Connection needs to fund accounts, send transactions and
 * read balances. Transactions execute for real, signatures are verified, and balances move.
 */
export class LiteSvmRpcServer {
  readonly svm = new LiteSVM();
  private server: Server | null = null;
  private slot = 1;

  /** Starts listening on 127.0.0.1 and returns the endpoint URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let id: unknown = null;
    let body: unknown;
    try {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: unknown; method: string; params?: RpcParams };
      id = message.id;
      body = { jsonrpc: '2.0', id, result: this.dispatch(message.method, message.params ?? []) };
    } catch (err) {
      const rpc = err instanceof RpcError ? err : new RpcError(-32603, (err as Error).message);
      body = { jsonrpc: '2.0', id, error: { code: rpc.code, message: rpc.message } };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private dispatch(method: string, params: RpcParams): unknown {
    switch (method) {
      case 'getBalance':
        return this.withContext(Number(this.svm.getBalance(address(params[0])) ?? 0n));
      case 'getLatestBlockhash':
        return this.withContext({ blockhash: this.svm.latestBlockhash(), lastValidBlockHeight: this.slot + 150 });
      case 'getMinimumBalanceForRentExemption':
        return Number(this.svm.minimumBalanceForRentExemption(BigInt(params[0] as number)));
      case 'getAccountInfo':
        return this.withContext(this.accountInfo(params[0] as string));
      case 'requestAirdrop':
        return this.airdrop(params[0] as string, BigInt(params[1] as number));
      case 'sendTransaction':
        return this.send(params[0] as string);
      case 'getTokenAccountsByOwner':
        return this.withContext(this.tokenAccountsByOwner(params[0] as string, params[1] as Record<string, string>));
      default:
        throw new RpcError(-32601, `Method not found: ${method}`);
    }
  }

  private withContext<T>(value: T): { context: { slot: number }; value: T } {
    return { context: { slot: this.slot }, value };
  }

  private airdrop(to: string, lamports: bigint): string {
    const result = this.svm.airdrop(address(to), lamports as never);
    if (!result || result instanceof FailedTransactionMetadata) {
      throw new RpcError(-32600, `airdrop failed: ${result?.toString() ?? 'no result'}`);
    }
    this.slot += 1;
    return bs58.encode(result.signature());
  }

  private send(encoded: string): string {
    const wire = Buffer.from(encoded, 'base64');
    const tx = VersionedTransaction.deserialize(wire);
    const signers = tx.message.staticAccountKeys.slice(0, tx.message.header.numRequiredSignatures);
    const kitTransaction = {
      messageBytes: tx.message.serialize(),
      signatures: Object.fromEntries(signers.map((key, i) => [key.toBase58(), tx.signatures[i]])),
    } as unknown as KitTransaction;
    const result = this.svm.sendTransaction(kitTransaction);
    if (result instanceof FailedTransactionMetadata) {
      throw new RpcError(-32002, `Transaction simulation failed: ${result.toString()}`);
    }
    this.slot += 1;
    // A new blockhash per transaction keeps two identical transfers from being refused as duplicates.
    this.svm.expireBlockhash();
    return bs58.encode(result.signature());
  }

  private accountInfo(of: string): unknown {
    const account = this.svm.getAccount(address(of));
    if (!account.exists) return null;
    return {
      data: [Buffer.from(account.data).toString('base64'), 'base64'],
      executable: account.executable,
      lamports: Number(account.lamports),
      owner: account.programAddress,
      rentEpoch: 0,
      space: account.data.length,
    };
  }

  /** getTokenAccountsByOwner with a mint or programId filter, in the jsonParsed encoding web3.js asks for. */
  private tokenAccountsByOwner(owner: string, filter: Record<string, string>): unknown[] {
    let mintFilter: string | null = null;
    if (filter.mint) {
      const mint = this.svm.getAccount(address(filter.mint));
      if (!mint.exists || mint.data.length !== MINT_BYTES) {
        throw new RpcError(-32602, 'Invalid param: could not find mint');
      }
      mintFilter = filter.mint;
    } else if (filter.programId !== TOKEN_PROGRAM_ID.toBase58()) {
      throw new RpcError(-32602, 'Invalid param: unrecognized Token program id');
    }
    return this.svm
      .getProgramAccounts(address(TOKEN_PROGRAM_ID.toBase58()))
      .filter((account) => account.data.length === TOKEN_ACCOUNT_BYTES)
      .map((account) => ({ account, data: Buffer.from(account.data) }))
      .filter(({ data }) => new PublicKey(data.subarray(32, 64)).toBase58() === owner)
      .filter(({ data }) => mintFilter === null || new PublicKey(data.subarray(0, 32)).toBase58() === mintFilter)
      .map(({ account, data }) => {
        const mint = new PublicKey(data.subarray(0, 32)).toBase58();
        const amount = data.readBigUInt64LE(64);
        const decimals = this.decimalsOf(mint);
        return {
          pubkey: account.address,
          account: {
            data: {
              program: 'spl-token',
              parsed: {
                type: 'account',
                info: {
                  isNative: false,
                  mint,
                  owner,
                  state: 'initialized',
                  tokenAmount: {
                    amount: amount.toString(),
                    decimals,
                    uiAmount: Number(amount) / 10 ** decimals,
                    uiAmountString: (Number(amount) / 10 ** decimals).toString(),
                  },
                },
              },
              space: TOKEN_ACCOUNT_BYTES,
            },
            executable: false,
            lamports: Number(account.lamports),
            owner: TOKEN_PROGRAM_ID.toBase58(),
            rentEpoch: 0,
            space: TOKEN_ACCOUNT_BYTES,
          },
        };
      });
  }

  private decimalsOf(mint: string): number {
    const account = this.svm.getAccount(address(mint));
    // Mint layout: mint authority COption<Pubkey> (36), supply u64 (8), then decimals u8.
    return account.exists ? (account.data[44] ?? 0) : 0;
  }
}

function address(value: unknown): KitAddress {
  if (typeof value !== 'string') throw new RpcError(-32602, 'Invalid param: expected a base58 address');
  try {
    return new PublicKey(value).toBase58() as KitAddress;
  } catch {
    throw new RpcError(-32602, `Invalid param: ${value} is not a valid address`);
  }
}
