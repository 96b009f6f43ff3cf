import { WalletConnectionError, WalletNotConnectedError, WalletSignTransactionError } from '@solana/wallet-adapter-base';
import { Keypair, PublicKey, SystemProgram, Transaction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { NodeKeyWalletAdapter, type NodeKeyBridge } from '../../../../../../src/renderer/src/components/wallet/node-key-adapter';

const address = Keypair.generate().publicKey.toBase58();

/** The main process as the adapter sees it: an address and a signing call that records what it was asked. */
function fakeBridge(overrides: Partial<NodeKeyBridge> = {}) {
  const signed: Uint8Array[] = [];
  const bridge: NodeKeyBridge = {
    address: async () => address,
    signMessage: async (message) => {
      signed.push(message);
      return new Uint8Array(64).fill(7);
    },
    ...overrides,
  };
  return { bridge, signed };
}

describe('NodeKeyWalletAdapter (the host key as a wallet-adapter wallet)', () => {
  it('connects to the node address and says so with a connect event', async () => {
    const adapter = new NodeKeyWalletAdapter(fakeBridge().bridge);
    const connected: PublicKey[] = [];
    adapter.on('connect', (key) => connected.push(key));
    expect(adapter.connected).toBe(false);
    await adapter.connect();
    expect(adapter.connected).toBe(true);
    expect(adapter.publicKey?.toBase58()).toBe(address);
    expect(connected.map((k) => k.toBase58())).toEqual([address]);
    await adapter.disconnect();
    expect(adapter.publicKey).toBeNull();
  });

  it('sends messages to main to be signed, and refuses before it is connected', async () => {
    const { bridge, signed } = fakeBridge();
    const adapter = new NodeKeyWalletAdapter(bridge);
    await expect(adapter.signMessage(new Uint8Array([1]))).rejects.toBeInstanceOf(WalletNotConnectedError);
    await adapter.connect();
    const signature = await adapter.signMessage(new TextEncoder().encode('hello'));
    expect(signature).toHaveLength(64);
    expect(signed.map((m) => new TextDecoder().decode(m))).toEqual(['hello']);
  });

  it('refuses to sign transactions: the node key never signs on-chain transfers for the window', async () => {
    const adapter = new NodeKeyWalletAdapter(fakeBridge().bridge);
    await adapter.connect();
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: new PublicKey(address), toPubkey: Keypair.generate().publicKey, lamports: 1 }),
    );
    await expect(adapter.signTransaction(tx)).rejects.toBeInstanceOf(WalletSignTransactionError);
    await expect(adapter.signAllTransactions([tx])).rejects.toBeInstanceOf(WalletSignTransactionError);
  });

  it('turns a failure to reach main into a wallet connection error', async () => {
    const adapter = new NodeKeyWalletAdapter(
      fakeBridge({ address: () => Promise.reject(new Error('The node key file is unreadable')) }).bridge,
    );
    const errors: Error[] = [];
    adapter.on('error', (e) => errors.push(e));
    await expect(adapter.connect()).rejects.toBeInstanceOf(WalletConnectionError);
    expect(errors[0]?.message).toBe('The node key file is unreadable');
    expect(adapter.connected).toBe(false);
  });
});
