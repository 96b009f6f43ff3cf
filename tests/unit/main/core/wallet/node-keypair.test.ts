import { createPublicKey, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import { NodeKeypair } from '../../../../../src/main/core/wallet/node-keypair';

const SEED = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff);

function verifyWith(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  return verify(null, message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature);
}

describe('NodeKeypair', () => {
  it('derives the same address and public key as @solana/web3.js from a seed', () => {
    const ours = NodeKeypair.fromSeed(SEED);
    const theirs = Keypair.fromSeed(SEED);
    expect(ours.address).toBe(theirs.publicKey.toBase58());
    expect([...ours.publicKey]).toEqual([...theirs.publicKey.toBytes()]);
  });

  it('makes a different valid identity each first run', () => {
    const a = NodeKeypair.generate();
    const b = NodeKeypair.generate();
    expect(a.address).not.toBe(b.address);
    expect(bs58.decode(a.address)).toHaveLength(32);
  });

  it('signs with ed25519: the signature verifies with the public key and fails for another message', async () => {
    const keypair = NodeKeypair.generate();
    const message = new TextEncoder().encode('POST /v1/queue 1700000000');
    const signature = await keypair.sign(message);
    expect(signature).toHaveLength(64);
    expect(verifyWith(keypair.publicKey, message, signature)).toBe(true);
    expect(verifyWith(keypair.publicKey, new TextEncoder().encode('POST /v1/queue 1700000001'), signature)).toBe(false);
  });

  it('signs the RFC 8032 ed25519 test vector 2 exactly', async () => {
    const seed = Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex');
    const keypair = NodeKeypair.fromSeed(seed);
    expect(Buffer.from(keypair.publicKey).toString('hex')).toBe(
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    );
    const signature = await keypair.sign(Buffer.from('72', 'hex'));
    expect(Buffer.from(signature).toString('hex')).toBe(
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da' +
        '085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    );
  });

  it('never shows its seed in JSON, strings or util.inspect (what a logger would print)', () => {
    const keypair = NodeKeypair.fromSeed(SEED);
    const seedForms = [Buffer.from(SEED).toString('hex'), Buffer.from(SEED).toString('base64'), [...SEED].join(',')];
    for (const text of [JSON.stringify({ keypair }), String(keypair), inspect(keypair, { depth: 5, showHidden: true })]) {
      expect(text).toContain(keypair.address);
      for (const form of seedForms) expect(text).not.toContain(form);
    }
  });

  it('refuses a seed of the wrong length', () => {
    expect(() => NodeKeypair.fromSeed(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
