import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NodeKeypair } from '../../../../../src/main/core/wallet/node-keypair';
import { encodeOffchainMessage, MAX_OFFCHAIN_MESSAGE_BYTES } from '../../../../../src/main/core/wallet/offchain-message';
import { WalletError } from '../../../../../src/main/core/wallet/wallet-error';

const text = (s: string) => new TextEncoder().encode(s);

describe('encodeOffchainMessage (Solana off-chain message, header v0)', () => {
  it('lays out signing domain, version, format, little-endian length, then the text', () => {
    const encoded = encodeOffchainMessage(text('Prove I own this node'));
    expect(Buffer.from(encoded.subarray(0, 16)).toString('latin1')).toBe('\xffsolana offchain');
    expect(encoded[16]).toBe(0); // header version
    expect(encoded[17]).toBe(0); // restricted ASCII
    expect(encoded[18]).toBe(21);
    expect(encoded[19]).toBe(0);
    expect(Buffer.from(encoded.subarray(20)).toString()).toBe('Prove I own this node');
  });

  it('marks non-ASCII text as limited UTF-8 and writes lengths over 255 in two bytes', () => {
    const message = text('é'.repeat(150));
    const encoded = encodeOffchainMessage(message);
    expect(encoded[17]).toBe(1);
    expect(encoded[18]! + encoded[19]! * 256).toBe(300);
  });

  it('can never be a transaction message: those start with a signature count below 128, not 0xff', () => {
    expect(encodeOffchainMessage(text('x'))[0]).toBe(0xff);
  });

  it.each([
    ['empty', new Uint8Array(0), /no message/],
    ['too long', new Uint8Array(MAX_OFFCHAIN_MESSAGE_BYTES + 1).fill(0x41), /at most 1212/],
    ['not UTF-8', Uint8Array.from([0x41, 0xc3, 0x28]), /not valid UTF-8/],
  ])('refuses a message that is %s', (_label, message, why) => {
    expect(() => encodeOffchainMessage(message)).toThrow(WalletError);
    expect(() => encodeOffchainMessage(message)).toThrow(why);
  });

  it('is what a verifier checks the signature against', async () => {
    const keypair = NodeKeypair.generate();
    const encoded = encodeOffchainMessage(text('hello'));
    const signature = await keypair.sign(encoded);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), keypair.publicKey]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, encoded, key, signature)).toBe(true);
    expect(verify(null, text('hello'), key, signature)).toBe(false);
  });
});
