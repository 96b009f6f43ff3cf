import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import bs58 from 'bs58';
import type { NodeSigner } from '../../../src/main/core/ports';

/**
 * A NodeSigner for tests: a fresh ed25519 key from node:crypto and its base58 address (the real keystore is
 * src/main/core/wallet; tests of the grid need only the port).
 */
export function makeTestSigner(): NodeSigner & { privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    address: bs58.encode(raw),
    privateKey,
    sign: (message: Uint8Array) => Promise.resolve(new Uint8Array(sign(null, message, privateKey))),
  };
}
