import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsKeyFileAccess } from '../../../src/main/adapters/fs/key-file-access';
import { RpcBalanceSource } from '../../../src/main/adapters/solana/rpc-balance-source';
import { NodeKeystore } from '../../../src/main/core/wallet/node-keystore';
import { PassphraseProtector } from '../../../src/main/core/wallet/passphrase-protector';
import type { WalletConfig } from '../../../src/main/core/wallet/ports';
import { WalletService } from '../../../src/main/core/wallet/wallet-service';
import { RecordingLogger } from '../../support/core-fakes';
import { LiteSvmRpcServer } from '../../support/litesvm-rpc-server';
import { SolanaTestFunder } from '../../support/solana-test-funder';

describe('the Wallet status from a real keystore and a local JSON-RPC endpoint', () => {
  const rpc = new LiteSvmRpcServer();
  let dir: string;
  let funder: SolanaTestFunder;
  let mint: PublicKey;
  let config: WalletConfig;
  let service: WalletService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridhost-wallet-status-'));
    const url = await rpc.start();
    funder = await SolanaTestFunder.create(url);
    mint = await funder.createMint(6);
    config = { cluster: 'custom', customRpcUrl: url, payoutAddress: null, nosMint: mint.toBase58() };
    const logger = new RecordingLogger();
    service = new WalletService({
      keystore: new NodeKeystore({
        path: join(dir, 'node-key.json'),
        files: new FsKeyFileAccess(),
        protectors: [new PassphraseProtector(async () => 'test passphrase', { N: 2 ** 12, r: 8, p: 1 })],
        logger,
      }),
      balances: (endpoint) => new RpcBalanceSource(endpoint, { timeoutMs: 2_000 }),
      earnings: { earningsSummary: async () => ({ pendingMicroNos: 6_100n, settledMicroNos: 0n }) },
      settings: { read: () => config, writePayoutAddress: async (a) => void (config = { ...config, payoutAddress: a }) },
      logger,
    });
  });

  afterAll(async () => {
    await rpc.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows zero for a new node, then the SOL and NOS it was sent', async () => {
    const first = await service.status();
    expect(first.sol).toEqual({ ok: true, value: 0n });
    expect(first.nos).toEqual({ ok: true, value: 0n });
    expect(first.endpoint).toBe(rpc.url);

    const node = new PublicKey(first.address);
    await funder.connection.requestAirdrop(node, 3_000_000);
    await funder.createTokenAccount(mint, node, 1_500_000n);

    const after = await service.status();
    expect(after.sol).toEqual({ ok: true, value: 3_000_000n });
    expect(after.nos).toEqual({ ok: true, value: 1_500_000n });
    expect(after.earnings).toEqual({ ok: true, value: { pendingMicroNos: 6_100n, settledMicroNos: 0n } });
  });

  it('says "balance unavailable from <endpoint>" once the endpoint is down, and still shows the rest', async () => {
    const url = rpc.url;
    await rpc.stop();
    const status = await service.status();
    expect(status.sol).toEqual({ ok: false, message: `balance unavailable from ${url}` });
    expect(status.nos).toEqual({ ok: false, message: `balance unavailable from ${url}` });
    expect(status.address).toBe((await service.openIdentity()).address);
    expect(status.payoutAddress).toBeNull();
    expect(status.earnings.ok).toBe(true);
  });
});
