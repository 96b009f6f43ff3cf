import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, type PublicKey } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from './litesvm-rpc-server';
import { initializeAccount3, initializeMint2, MINT_SPACE, mintTo, TOKEN_ACCOUNT_SPACE, transfer } from './spl-token-instructions';

/**
 * A funded test wallet that makes real transactions through a JSON-RPC endpoint with @solana/web3.js: SOL
 * transfers, SPL mints, token accounts, mints and transfers. It pays the fees and is the mint authority.
 */
export class SolanaTestFunder {
  readonly keypair = Keypair.generate();
  readonly connection: Connection;

  private constructor(endpoint: string) {
    this.connection = new Connection(endpoint, 'confirmed');
  }

  /** A funder with `sol` SOL from the endpoint's faucet. */
  static async create(endpoint: string, sol = 10): Promise<SolanaTestFunder> {
    const funder = new SolanaTestFunder(endpoint);
    await funder.connection.requestAirdrop(funder.publicKey, sol * LAMPORTS_PER_SOL);
    return funder;
  }

  get publicKey(): PublicKey {
    return this.keypair.publicKey;
  }

  /** Signs (the funder pays the fee) and sends; the endpoint executes it before answering. */
  async send(tx: Transaction, ...signers: Keypair[]): Promise<void> {
    tx.recentBlockhash = (await this.connection.getLatestBlockhash()).blockhash;
    tx.feePayer = this.publicKey;
    tx.sign(this.keypair, ...signers);
    await this.connection.sendRawTransaction(tx.serialize());
  }

  async sendSol(to: PublicKey, lamports: number): Promise<void> {
    await this.send(new Transaction().add(SystemProgram.transfer({ fromPubkey: this.publicKey, toPubkey: to, lamports })));
  }

  /** A new SPL mint with this funder as mint authority. */
  async createMint(decimals: number): Promise<PublicKey> {
    const mint = Keypair.generate();
    await this.send(
      new Transaction().add(await this.createAccountFor(mint.publicKey, MINT_SPACE), initializeMint2(mint.publicKey, decimals, this.publicKey)),
      mint,
    );
    return mint.publicKey;
  }

  /** A new token account of `mint` owned by `owner`, optionally with `amount` minted into it. */
  async createTokenAccount(mint: PublicKey, owner: PublicKey, amount = 0n): Promise<PublicKey> {
    const account = Keypair.generate();
    const tx = new Transaction().add(
      await this.createAccountFor(account.publicKey, TOKEN_ACCOUNT_SPACE),
      initializeAccount3(account.publicKey, mint, owner),
    );
    if (amount > 0n) tx.add(mintTo(mint, account.publicKey, this.publicKey, amount));
    await this.send(tx, account);
    return account.publicKey;
  }

  async mintTo(mint: PublicKey, account: PublicKey, amount: bigint): Promise<void> {
    await this.send(new Transaction().add(mintTo(mint, account, this.publicKey, amount)));
  }

  /** Moves tokens out of one of the funder's own token accounts. */
  async transferTokens(from: PublicKey, to: PublicKey, amount: bigint): Promise<void> {
    await this.send(new Transaction().add(transfer(from, to, this.publicKey, amount)));
  }

  private async createAccountFor(address: PublicKey, space: number) {
    return SystemProgram.createAccount({
      fromPubkey: this.publicKey,
      newAccountPubkey: address,
      lamports: await this.connection.getMinimumBalanceForRentExemption(space),
      space,
      programId: TOKEN_PROGRAM_ID,
    });
  }
}
