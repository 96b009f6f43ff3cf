import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import bs58 from 'bs58';
import type { NodeSigner } from '../ports';
import { HEADER_ADDRESS, HEADER_SIGNATURE, HEADER_TIMESTAMP } from './protocol';

/**
 * Signing of grid requests (docs/grid-protocol.md, "Signed requests", protocol version 2): the node key signs
 * `METHOD\norigin\npath\ntimestamp\nsha256hex(body)`. The origin is the grid's, so a request signed for one
 * grid is refused by every other. The host signs with its NodeSigner; the grid verifies here too.
 */

export interface SignedHeaders {
  [HEADER_ADDRESS]: string;
  [HEADER_TIMESTAMP]: string;
  [HEADER_SIGNATURE]: string;
}

/** What a signature covers besides the timestamp. */
export interface RequestToSign {
  method: string;
  /** The grid's origin, as `gridOrigin` writes it (e.g. https://grid.example.com). */
  origin: string;
  /** The request target as sent, with its query string. */
  path: string;
  body: Uint8Array | string;
}

export function bodyDigest(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The origin of a grid address as both sides write it: scheme, lower-case host and a port only when it is
 * not the scheme's default (`https://Grid.Example.com:443/x` -> `https://grid.example.com`). Throws on an
 * address that is not a URL.
 */
export function gridOrigin(url: string): string {
  return new URL(url).origin;
}

/** The exact bytes that are signed for one request. */
export function signingMessage(request: RequestToSign, timestamp: string): Uint8Array {
  const { method, origin, path, body } = request;
  return new TextEncoder().encode(`${method.toUpperCase()}\n${origin}\n${path}\n${timestamp}\n${bodyDigest(body)}`);
}

/** Signs one request with the node key; call it again for each retry (a fresh timestamp, a fresh signature). */
export async function signRequest(signer: NodeSigner, request: RequestToSign, nowMs: number): Promise<SignedHeaders> {
  const timestamp = String(Math.trunc(nowMs));
  const signature = await signer.sign(signingMessage(request, timestamp));
  return {
    [HEADER_ADDRESS]: signer.address,
    [HEADER_TIMESTAMP]: timestamp,
    [HEADER_SIGNATURE]: bs58.encode(signature),
  };
}

// DER prefix of an ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Decodes a base58 address to its 32-byte public key, or null when it is not one. */
export function decodeAddress(address: string): Uint8Array | null {
  try {
    const bytes = bs58.decode(address);
    return bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

// Parsed keys of recent addresses: parsing a key costs about as much as verifying with it.
const KEY_CACHE_SIZE = 1024;
const keyCache = new Map<string, KeyObject>();

function publicKeyObject(address: string): KeyObject | null {
  const cached = keyCache.get(address);
  if (cached) return cached;
  const publicKey = decodeAddress(address);
  if (!publicKey) return null;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(address, key);
  return key;
}

/** True when `signature` (base58) is the address's ed25519 signature of the message. */
export function verifyRequestSignature(address: string, message: Uint8Array, signatureB58: string): boolean {
  let signature: Uint8Array;
  try {
    signature = bs58.decode(signatureB58);
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  const key = publicKeyObject(address);
  if (!key) return false;
  try {
    return verifySignature(null, message, key, signature);
  } catch {
    return false;
  }
}
