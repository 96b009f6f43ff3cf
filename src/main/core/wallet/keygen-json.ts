import { timingSafeEqual } from 'node:crypto';
import { NodeKeypair, PUBLIC_KEY_BYTES, SEED_BYTES } from './node-keypair';
import { WalletError } from './wallet-error';

const KEYGEN_BYTES = SEED_BYTES + PUBLIC_KEY_BYTES;
const HOW_TO_GET_ONE =
  'A solana-keygen key file is a JSON array of 64 numbers from 0 to 255 (the file `solana-keygen new` writes, ' +
  'or the one `gridhost key export` wrote).';

/**
 * The solana-keygen key file: a JSON array of 64 byte values, the 32-byte ed25519 seed followed by the
 * 32-byte public key. Written without spaces, as solana-keygen does, so that both tools read each other's files.
 */
export function formatKeygenJson(keypair: NodeKeypair): string {
  return JSON.stringify([...keypair.revealSeed(), ...keypair.publicKey]);
}

/**
 * Reads a solana-keygen key file. Refuses anything that is not exactly 64 byte values, and a file whose
 * public half does not belong to its seed (a truncated paste or two files spliced together).
 * The error messages never quote the file's content: it is a secret.
 */
export function parseKeygenJson(text: string): NodeKeypair {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WalletError('key_format', `The key file is not valid JSON. ${HOW_TO_GET_ONE}`);
  }
  if (!Array.isArray(value)) {
    throw new WalletError('key_format', `The key file holds ${describe(value)}, not an array. ${HOW_TO_GET_ONE}`);
  }
  if (value.length !== KEYGEN_BYTES) {
    throw new WalletError(
      'key_format',
      `The key file holds ${value.length} numbers; a Solana keypair has exactly ${KEYGEN_BYTES}. ` +
        `Check that the whole file was copied. ${HOW_TO_GET_ONE}`,
    );
  }
  const bytes = new Uint8Array(KEYGEN_BYTES);
  value.forEach((item, index) => {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0 || item > 255) {
      throw new WalletError(
        'key_format',
        `Item ${index + 1} of the key file is not a byte value (a whole number from 0 to 255). ${HOW_TO_GET_ONE}`,
      );
    }
    bytes[index] = item;
  });
  const keypair = NodeKeypair.fromSeed(bytes.subarray(0, SEED_BYTES));
  const statedPublicKey = bytes.subarray(SEED_BYTES);
  if (!timingSafeEqual(keypair.publicKey, statedPublicKey)) {
    throw new WalletError(
      'key_format',
      'The second half of the key file (the public key) does not belong to its first half (the secret seed): ' +
        'the file is damaged or was put together from two keys. Use the original backup file.',
    );
  }
  bytes.fill(0);
  return keypair;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
