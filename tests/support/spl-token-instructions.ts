import { TransactionInstruction, type PublicKey } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from './litesvm-rpc-server';

/** Sizes the SPL Token program expects for the accounts it initialises. */
export const MINT_SPACE = 82;
export const TOKEN_ACCOUNT_SPACE = 165;

// Instruction tags of the SPL Token program (token/program/src/instruction.rs).
const TRANSFER = 3;
const MINT_TO = 7;
const INITIALIZE_ACCOUNT_3 = 18;
const INITIALIZE_MINT_2 = 20;

/** InitializeMint2: a mint with `decimals` and a mint authority, no freeze authority. */
export function initializeMint2(mint: PublicKey, decimals: number, authority: PublicKey): TransactionInstruction {
  const data = Buffer.concat([Buffer.from([INITIALIZE_MINT_2, decimals]), authority.toBuffer(), Buffer.from([0])]);
  return new TransactionInstruction({
    programId: TOKEN_PROGRAM_ID,
    keys: [{ pubkey: mint, isSigner: false, isWritable: true }],
    data,
  });
}

/** InitializeAccount3: a token account of `mint` owned by `owner`. */
export function initializeAccount3(account: PublicKey, mint: PublicKey, owner: PublicKey): TransactionInstruction {
  return new TransactionInstruction({
    programId: TOKEN_PROGRAM_ID,
    keys: [
      { pubkey: account, isSigner: false, isWritable: true },
      { pubkey: mint, isSigner: false, isWritable: false },
    ],
    data: Buffer.concat([Buffer.from([INITIALIZE_ACCOUNT_3]), owner.toBuffer()]),
  });
}

/** MintTo: `amount` base units of `mint` into `destination`, signed by the mint authority. */
export function mintTo(mint: PublicKey, destination: PublicKey, authority: PublicKey, amount: bigint): TransactionInstruction {
  return amountInstruction(MINT_TO, mint, destination, authority, amount);
}

/** Transfer: `amount` base units from `source` to `destination`, signed by the source's owner. */
export function transfer(source: PublicKey, destination: PublicKey, owner: PublicKey, amount: bigint): TransactionInstruction {
  return amountInstruction(TRANSFER, source, destination, owner, amount);
}

/** The instructions laid out as [writable, writable, signer] with a u64 amount. */
function amountInstruction(
  tag: number,
  first: PublicKey,
  second: PublicKey,
  signer: PublicKey,
  amount: bigint,
): TransactionInstruction {
  return new TransactionInstruction({
    programId: TOKEN_PROGRAM_ID,
    keys: [
      { pubkey: first, isSigner: false, isWritable: true },
      { pubkey: second, isSigner: false, isWritable: true },
      { pubkey: signer, isSigner: true, isWritable: false },
    ],
    data: withAmount(tag, amount),
  });
}

function withAmount(tag: number, amount: bigint): Buffer {
  const data = Buffer.alloc(9);
  data[0] = tag;
  data.writeBigUInt64LE(amount, 1);
  return data;
}
