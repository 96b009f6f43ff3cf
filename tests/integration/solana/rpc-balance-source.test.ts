import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Keypair, PublicKey, SystemProgram, Transaction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BalanceUnavailableError, RpcBalanceSource } from '../../../src/main/adapters/solana/rpc-balance-source';
import { NodeKeypair } from '../../../src/main/core/wallet/node-keypair';
import { LiteSvmRpcServer } from '../../support/litesvm-rpc-server';
import { SolanaTestFunder } from '../../support/solana-test-funder';

describe('RpcBalanceSource against a JSON-RPC endpoint backed by LiteSVM', () => {
  const rpc = new LiteSvmRpcServer();
  let funder: SolanaTestFunder;
  let source: RpcBalanceSource;
  const node = NodeKeypair.generate();
  const nodeKey = new PublicKey(node.address);

  beforeAll(async () => {
    const url = await rpc.start();
    funder = await SolanaTestFunder.create(url);
    source = new RpcBalanceSource(url, { timeoutMs: 2_000 });
  });

  afterAll(() => rpc.stop());

  it('reads a new node as holding nothing, then sees a SOL transfer arrive, to the lamport', async () => {
    expect(await source.lamports(node.address)).toBe(0n);
    await funder.sendSol(nodeKey, 1_234_567_891);
    expect(await source.lamports(node.address)).toBe(1_234_567_891n);
    await funder.sendSol(nodeKey, 9);
    expect(await source.lamports(node.address)).toBe(1_234_567_900n);
  });

  it("sums the node's token accounts of one mint after real SPL transfers, ignoring other mints", async () => {
    const nos = await funder.createMint(6);
    const other = await funder.createMint(9);
    const funderNos = await funder.createTokenAccount(nos, funder.publicKey);
    const nodeNosA = await funder.createTokenAccount(nos, nodeKey);

    expect(await source.tokenBaseUnits(node.address, nos.toBase58())).toBe(0n);

    await funder.mintTo(nos, funderNos, 50_000_000n);
    await funder.transferTokens(funderNos, nodeNosA, 12_345_678n);
    expect(await source.tokenBaseUnits(node.address, nos.toBase58())).toBe(12_345_678n);

    // A second NOS account of the node counts too; another mint's account does not.
    const nodeNosB = await funder.createTokenAccount(nos, nodeKey);
    await funder.transferTokens(funderNos, nodeNosB, 1n);
    await funder.createTokenAccount(other, nodeKey, 777n);

    expect(await source.tokenBaseUnits(node.address, nos.toBase58())).toBe(12_345_679n);
    expect(await source.tokenBaseUnits(node.address, other.toBase58())).toBe(777n);
    expect(await source.tokenBaseUnits(funder.publicKey.toBase58(), nos.toBase58())).toBe(50_000_000n - 12_345_679n);
  });

  it('rejects a transfer the node never signed: the endpoint runs real signature checks', async () => {
    const mallory = Keypair.generate();
    const before = await source.lamports(node.address);
    const theft = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: nodeKey, toPubkey: mallory.publicKey, lamports: 1_000 }),
    );
    theft.recentBlockhash = (await funder.connection.getLatestBlockhash()).blockhash;
    theft.feePayer = mallory.publicKey;
    theft.partialSign(mallory);
    await expect(funder.connection.sendRawTransaction(theft.serialize({ requireAllSignatures: false }))).rejects.toThrow();
    expect(await source.lamports(node.address)).toBe(before);
  });

  it('says the balance is unavailable when the mint does not exist on the cluster', async () => {
    const missingMint = Keypair.generate().publicKey.toBase58();
    await expect(source.tokenBaseUnits(node.address, missingMint)).rejects.toBeInstanceOf(BalanceUnavailableError);
  });
});

describe('RpcBalanceSource when the endpoint is down or broken', () => {
  it('fails with a reason, not a crash, when nothing listens', async () => {
    const rpc = new LiteSvmRpcServer();
    const url = await rpc.start();
    await rpc.stop();
    const source = new RpcBalanceSource(url, { timeoutMs: 2_000 });
    const error = await source.lamports(NodeKeypair.generate().address).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BalanceUnavailableError);
    expect((error as Error).message).toBe('connection failed (ECONNREFUSED)');
  });

  describe('with a server that misbehaves', () => {
    let server: Server;
    let url: string;
    let mode: 'hang' | 'http-500' | 'float-balance' | 'not-json-rpc' = 'hang';
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (mode === 'hang') return void req.resume();
        if (mode === 'http-500') {
          req.resume();
          res.writeHead(500).end('upstream exploded');
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const { id } = JSON.parse(Buffer.concat(chunks).toString()) as { id: string };
          res.writeHead(200, { 'content-type': 'application/json' });
          const reply = mode === 'float-balance' ? { jsonrpc: '2.0', id, result: { context: { slot: 1 }, value: 1.5 } } : { hello: 'world' };
          res.end(JSON.stringify(reply));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?api-key=SECRET-KEY-123`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('gives up on a hung endpoint after its timeout', async () => {
      mode = 'hang';
      const started = Date.now();
      const error = await new RpcBalanceSource(url, { timeoutMs: 300 })
        .lamports(NodeKeypair.generate().address)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BalanceUnavailableError);
      expect((error as Error).message).toBe('no answer in 300 ms');
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('reports an HTTP error without the URL (it may hold an API key)', async () => {
      mode = 'http-500';
      const error = await new RpcBalanceSource(url).lamports(NodeKeypair.generate().address).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BalanceUnavailableError);
      expect((error as Error).message).toContain('500');
      expect((error as Error).message).not.toContain('SECRET-KEY-123');
    });

    it('says so when the endpoint does not speak Solana JSON-RPC', async () => {
      mode = 'not-json-rpc';
      await expect(new RpcBalanceSource(url).lamports(NodeKeypair.generate().address)).rejects.toThrow(
        'the endpoint answered something that is not a Solana JSON-RPC reply',
      );
    });

    it('refuses a balance that is not a whole number of lamports', async () => {
      mode = 'float-balance';
      await expect(new RpcBalanceSource(url).lamports(NodeKeypair.generate().address)).rejects.toThrow(
        /not a whole number/,
      );
    });
  });
});
