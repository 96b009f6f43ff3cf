import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { FilePermissionProtector } from '../../../../../src/main/core/wallet/file-permission-protector';
import { NOS_MINT_DEVNET, NOS_MINT_MAINNET } from '../../../../../src/main/core/wallet/cluster';
import { NodeKeystore } from '../../../../../src/main/core/wallet/node-keystore';
import type {
  BalanceSource,
  EarningsSummary,
  EarningsSummarySource,
  KeyFileAccess,
  WalletConfig,
  WalletSettingsPort,
} from '../../../../../src/main/core/wallet/ports';
import { WalletService } from '../../../../../src/main/core/wallet/wallet-service';
import { WalletError } from '../../../../../src/main/core/wallet/wallet-error';
import { MemoryDocumentStore, RecordingLogger } from '../../../../support/core-fakes';

class FakeBalances implements BalanceSource {
  lamportsByAddress = new Map<string, bigint>();
  tokens = new Map<string, bigint>();
  down: string | null = null;
  async lamports(address: string) {
    if (this.down) throw new Error(this.down);
    return this.lamportsByAddress.get(address) ?? 0n;
  }
  async tokenBaseUnits(owner: string, mint: string) {
    if (this.down) throw new Error(this.down);
    return this.tokens.get(`${owner}/${mint}`) ?? 0n;
  }
}

class FakeSettings implements WalletSettingsPort {
  constructor(public config: WalletConfig) {}
  read() {
    return this.config;
  }
  async writePayoutAddress(address: string | null) {
    this.config = { ...this.config, payoutAddress: address };
  }
}

/** The key file's folder in memory: documents by path, nothing beside them, permissions already owner-only. */
class MemoryKeyFiles implements KeyFileAccess {
  private readonly documents = new Map<string, MemoryDocumentStore>();
  document(path: string) {
    return this.documents.get(path) ?? this.documents.set(path, new MemoryDocumentStore()).get(path)!;
  }
  async list() {
    return [];
  }
  async restrictToOwner() {
    return null;
  }
}

class FakeEarnings implements EarningsSummarySource {
  constructor(public summary: EarningsSummary | Error) {}
  async earningsSummary() {
    if (this.summary instanceof Error) throw this.summary;
    return this.summary;
  }
}

function setup(config: Partial<WalletConfig> = {}, earnings: EarningsSummarySource | null = null) {
  const logger = new RecordingLogger();
  const balances = new FakeBalances();
  const endpoints: string[] = [];
  const settings = new FakeSettings({ cluster: 'devnet', customRpcUrl: null, payoutAddress: null, nosMint: null, ...config });
  const keystore = new NodeKeystore({
    path: '/data/node-key.json',
    files: new MemoryKeyFiles(),
    protectors: [new FilePermissionProtector()],
    logger,
  });
  const service = new WalletService({
    keystore,
    balances: (endpoint) => {
      endpoints.push(endpoint);
      return balances;
    },
    earnings,
    settings,
    logger,
  });
  return { service, balances, settings, endpoints, logger };
}

describe('WalletService.status', () => {
  it('reads SOL and NOS for the node address from the devnet endpoint, as integers', async () => {
    const { service, balances, endpoints } = setup({}, new FakeEarnings({ pendingMicroNos: 61_000n, settledMicroNos: 2_500_000n }));
    const address = (await service.openIdentity()).address;
    balances.lamportsByAddress.set(address, 2_039_280n);
    balances.tokens.set(`${address}/${NOS_MINT_DEVNET}`, 12_345_678n);

    const status = await service.status();
    expect(status).toMatchObject({
      address,
      cluster: 'devnet',
      endpoint: 'https://api.devnet.solana.com',
      nosMint: NOS_MINT_DEVNET,
      sol: { ok: true, value: 2_039_280n },
      nos: { ok: true, value: 12_345_678n },
      payoutAddress: null,
      earnings: { ok: true, value: { pendingMicroNos: 61_000n, settledMicroNos: 2_500_000n } },
      keyProtection: 'file permissions only (no passphrase)',
    });
    expect(endpoints).toEqual(['https://api.devnet.solana.com']);
  });

  it('reads mainnet NOS from the mainnet endpoint, and ignores a mint override there', async () => {
    const { service, balances } = setup({ cluster: 'mainnet-beta', nosMint: Keypair.generate().publicKey.toBase58() });
    const address = (await service.openIdentity()).address;
    balances.tokens.set(`${address}/${NOS_MINT_MAINNET}`, 5n);
    const status = await service.status();
    expect(status.endpoint).toBe('https://api.mainnet-beta.solana.com');
    expect(status.nosMint).toBe(NOS_MINT_MAINNET);
    expect(status.nos).toEqual({ ok: true, value: 5n });
  });

  it('uses the custom URL and mint, and shows the endpoint without its API key', async () => {
    const mint = Keypair.generate().publicKey.toBase58();
    const { service, balances, endpoints } = setup({
      cluster: 'custom',
      customRpcUrl: 'https://rpc.example.net/?api-key=SECRET',
      nosMint: mint,
    });
    const address = (await service.openIdentity()).address;
    balances.tokens.set(`${address}/${mint}`, 42n);
    const status = await service.status();
    expect(endpoints).toEqual(['https://rpc.example.net/?api-key=SECRET']);
    expect(status.endpoint).toBe('https://rpc.example.net/…');
    expect(status.nos).toEqual({ ok: true, value: 42n });
  });

  it('turns an RPC failure into "balance unavailable from <endpoint>", and logs why without the key', async () => {
    const { service, balances, logger } = setup({ cluster: 'custom', customRpcUrl: 'https://rpc.example.net/v2/abcdefghijklmnopqrstuvwxyz' });
    balances.down = 'connection failed (ECONNREFUSED)';
    const status = await service.status();
    expect(status.sol).toEqual({ ok: false, message: 'balance unavailable from https://rpc.example.net/…' });
    expect(status.nos).toEqual({ ok: false, message: 'balance unavailable from https://rpc.example.net/…' });
    const warnings = logger.records.filter((r) => r.level === 'warn');
    expect(warnings.map((w) => w.fields.error)).toContain('connection failed (ECONNREFUSED)');
    expect(JSON.stringify(logger.records)).not.toContain('abcdefghijklmnopqrstuvwxyz');
  });

  it('says what to do when the cluster is custom but has no URL', async () => {
    const { service } = setup({ cluster: 'custom', customRpcUrl: null });
    const status = await service.status();
    expect(status.sol.ok).toBe(false);
    expect(status.sol).toMatchObject({ message: expect.stringMatching(/no RPC URL is set/) });
  });

  it('reports earnings as unavailable when the grid cannot answer or there is no grid', async () => {
    const down = await setup({}, new FakeEarnings(new Error('grid unreachable at http://127.0.0.1:7070'))).service.status();
    expect(down.earnings).toEqual({ ok: false, message: expect.stringMatching(/earnings unavailable from the grid/) });
    const none = await setup({}, null).service.status();
    expect(none.earnings).toMatchObject({ ok: false });
  });

  it('opens the identity once for concurrent callers', async () => {
    const { service } = setup();
    const [a, b] = await Promise.all([service.openIdentity(), service.openIdentity()]);
    expect(a).toBe(b);
  });
});

describe('WalletService.setPayoutAddress', () => {
  it('stores a valid address and clears it with null', async () => {
    const { service, settings } = setup();
    const payout = Keypair.generate().publicKey.toBase58();
    expect(await service.setPayoutAddress(` ${payout} `)).toBe(payout);
    expect(settings.config.payoutAddress).toBe(payout);
    expect((await service.status()).payoutAddress).toBe(payout);
    expect(await service.setPayoutAddress(null)).toBeNull();
    expect(settings.config.payoutAddress).toBeNull();
  });

  it('refuses an invalid address and keeps the old one', async () => {
    const { service, settings } = setup();
    const payout = Keypair.generate().publicKey.toBase58();
    await service.setPayoutAddress(payout);
    await expect(service.setPayoutAddress('not-an-address')).rejects.toBeInstanceOf(WalletError);
    await expect(service.setPayoutAddress((await service.openIdentity()).address)).rejects.toThrow(/own address/);
    expect(settings.config.payoutAddress).toBe(payout);
  });
});

describe('WalletService.signOffchainMessage', () => {
  it('signs the enveloped message, not the raw bytes', async () => {
    const { service } = setup();
    const { signature, signedMessage } = await service.signOffchainMessage(new TextEncoder().encode('I run this node'));
    expect(signature).toHaveLength(64);
    expect(signedMessage[0]).toBe(0xff);
    expect(Buffer.from(signedMessage.subarray(20)).toString()).toBe('I run this node');
  });
});

describe('WalletService with a payout address set outside the Wallet page', () => {
  it('does not use an invalid stored address, and says why', async () => {
    const { service } = setup({ payoutAddress: 'not-a-wallet-0' });
    const status = await service.status();
    expect(status.payoutAddress).toBeNull();
    expect(status.payoutProblem).toMatch(/^The saved payout address is not used: Character 4/);
  });
});
