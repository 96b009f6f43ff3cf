import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { formatKeygenJson, parseKeygenJson } from '../../../../../src/main/core/wallet/keygen-json';
import { NodeKeypair } from '../../../../../src/main/core/wallet/node-keypair';
import { WalletError } from '../../../../../src/main/core/wallet/wallet-error';

// A fixed seed and what @solana/web3.js (the reference implementation of the format) makes of it.
const SEED = Uint8Array.from({ length: 32 }, (_, i) => 255 - i * 3);
const REFERENCE = Keypair.fromSeed(SEED);
const REFERENCE_FILE = JSON.stringify(Array.from(REFERENCE.secretKey));

function errorOf(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError');
}

describe('solana-keygen JSON format', () => {
  it('writes exactly what web3.js Keypair.secretKey holds: seed then public key, 64 numbers, no spaces', () => {
    const text = formatKeygenJson(NodeKeypair.fromSeed(SEED));
    expect(text).toBe(REFERENCE_FILE);
    expect(JSON.parse(text)).toHaveLength(64);
    expect(text).not.toMatch(/\s/);
  });

  it('reads a file web3.js wrote and gets the same address; and web3.js reads ours back', () => {
    const keypair = parseKeygenJson(REFERENCE_FILE);
    expect(keypair.address).toBe(REFERENCE.publicKey.toBase58());
    const roundTrip = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(formatKeygenJson(keypair)) as number[]));
    expect(roundTrip.publicKey.toBase58()).toBe(keypair.address);
  });

  it('accepts the pretty-printed form with whitespace and a trailing newline', () => {
    const pretty = `${JSON.stringify(Array.from(REFERENCE.secretKey), null, 2)}\n`;
    expect(parseKeygenJson(pretty).address).toBe(REFERENCE.publicKey.toBase58());
  });

  it.each([
    ['not JSON', '[1,2,3', /not valid JSON/],
    ['an object', '{"secretKey":[1,2]}', /an object, not an array/],
    ['a string', '"abc"', /a string, not an array/],
    ['63 numbers', JSON.stringify(Array.from(REFERENCE.secretKey).slice(0, 63)), /holds 63 numbers; a Solana keypair has exactly 64/],
    ['65 numbers', JSON.stringify([...Array.from(REFERENCE.secretKey), 0]), /holds 65 numbers/],
    ['a value of 256', JSON.stringify(Array.from(REFERENCE.secretKey).map((b, i) => (i === 5 ? 256 : b))), /Item 6 .* not a byte value/],
    ['a negative value', JSON.stringify(Array.from(REFERENCE.secretKey).map((b, i) => (i === 0 ? -1 : b))), /Item 1 /],
    ['a fraction', JSON.stringify(Array.from(REFERENCE.secretKey).map((b, i) => (i === 63 ? 1.5 : b))), /Item 64 /],
    ['a string item', JSON.stringify(Array.from(REFERENCE.secretKey).map((b, i) => (i === 10 ? '7' : b))), /Item 11 /],
  ])('refuses %s with a clear key_format error', (_label, text, message) => {
    const error = errorOf(() => parseKeygenJson(text));
    expect(error.code).toBe('key_format');
    expect(error.message).toMatch(message);
  });

  it('refuses a file whose public half belongs to another seed', () => {
    const other = Keypair.generate();
    const spliced = JSON.stringify([...Array.from(REFERENCE.secretKey.slice(0, 32)), ...other.publicKey.toBytes()]);
    const error = errorOf(() => parseKeygenJson(spliced));
    expect(error.code).toBe('key_format');
    expect(error.message).toMatch(/does not belong to its first half/);
  });

  it('never quotes the secret in an error message', () => {
    const broken = Array.from(REFERENCE.secretKey).map((b, i) => (i === 40 ? 999 : b));
    const error = errorOf(() => parseKeygenJson(JSON.stringify(broken)));
    expect(error.message).not.toContain(Array.from(SEED).slice(0, 4).join(','));
    expect(error.message).not.toContain(Array.from(SEED).slice(0, 4).join(', '));
  });
});
