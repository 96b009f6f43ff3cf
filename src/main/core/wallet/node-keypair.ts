import { createPrivateKey, createPublicKey, randomBytes, sign as signAsync, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import bs58 from 'bs58';
import type { NodeSigner } from '../ports';

/** An ed25519 seed (the private half of a Solana keypair) is 32 bytes; the public key is 32 more. */
export const SEED_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;

// PKCS#8 DER prefix of an ed25519 private key (RFC 8410): the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The node's identity: a Solana (ed25519) keypair. It signs through node:crypto, off the event loop, and
 * hides its seed from logs, JSON and `util.inspect` so that a stray `logger.info({ key })` cannot leak it.
 * Only the keystore asks for the seed (to seal it, or to export a backup the owner asked for).
 */
export class NodeKeypair implements NodeSigner {
  readonly #seed: Uint8Array;
  readonly #privateKey: KeyObject;
  readonly publicKey: Uint8Array;
  readonly address: string;

  private constructor(seed: Uint8Array) {
    this.#seed = Uint8Array.from(seed);
    this.#privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, this.#seed]),
      format: 'der',
      type: 'pkcs8',
    });
    this.publicKey = publicKeyOf(this.#privateKey);
    this.address = bs58.encode(this.publicKey);
  }

  /** A new random identity (first run). */
  static generate(): NodeKeypair {
    return new NodeKeypair(randomBytes(SEED_BYTES));
  }

  /** The identity held by this 32-byte seed. */
  static fromSeed(seed: Uint8Array): NodeKeypair {
    if (seed.length !== SEED_BYTES) {
      throw new RangeError(`An ed25519 seed is ${SEED_BYTES} bytes, got ${seed.length}`);
    }
    return new NodeKeypair(seed);
  }

  /** Ed25519 signature of the message (64 bytes), computed on libuv's thread pool. */
  sign(message: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      signAsync(null, message, this.#privateKey, (err, signature) => {
        if (err) reject(err);
        else resolve(new Uint8Array(signature));
      });
    });
  }

  /** A copy of the seed, for the keystore only. */
  revealSeed(): Uint8Array {
    return Uint8Array.from(this.#seed);
  }

  toJSON(): { address: string } {
    return { address: this.address };
  }

  toString(): string {
    return `NodeKeypair(${this.address})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** The 32-byte public key of an ed25519 private key object. */
function publicKeyOf(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  // An ed25519 SPKI is a fixed 12-byte header followed by the 32-byte key.
  return new Uint8Array(spki.subarray(spki.length - PUBLIC_KEY_BYTES));
}
