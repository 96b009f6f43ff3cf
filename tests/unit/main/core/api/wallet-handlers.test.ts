import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsKeyFileAccess } from '../../../../../src/main/adapters/fs/key-file-access';
import { ApiDispatcher } from '../../../../../src/main/core/api/dispatcher';
import { walletHandlers } from '../../../../../src/main/core/api/wallet-handlers';
import { SettingsService } from '../../../../../src/main/core/settings/settings-service';
import { FilePermissionProtector } from '../../../../../src/main/core/wallet/file-permission-protector';
import { NodeKeystore } from '../../../../../src/main/core/wallet/node-keystore';
import { WalletService } from '../../../../../src/main/core/wallet/wallet-service';
import type { ApiHandlers } from '../../../../../src/main/core/api/dispatcher';
import { MemoryDocumentStore, RecordingEvents, RecordingLogger } from '../../../../support/core-fakes';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-wallet-api-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A real keystore and settings, a balance source that is down, and the wallet's handlers only. */
function setup() {
  const logger = new RecordingLogger();
  const settingsStore = new MemoryDocumentStore();
  const settings = new SettingsService(settingsStore, logger, new RecordingEvents());
  const wallet: WalletService = new WalletService({
    keystore: new NodeKeystore({
      path: join(dir, 'node-key.json'),
      files: new FsKeyFileAccess(),
      protectors: [new FilePermissionProtector()],
      logger,
    }),
    balances: () => ({
      lamports: async () => 42n,
      tokenBaseUnits: async () => {
        throw new Error('connection failed (ECONNREFUSED)');
      },
    }),
    earnings: { earningsSummary: async () => ({ pendingMicroNos: 6_100n, settledMicroNos: 9_007_199_254_740_993n }) },
    settings: {
      read: () => ({ ...settings.get().wallet, nosMint: null }),
      writePayoutAddress: async (payoutAddress) => void (await settings.update({ wallet: { payoutAddress } })),
    },
    logger,
  });
  const dispatcher = new ApiDispatcher(walletHandlers({ wallet }) as unknown as ApiHandlers, logger);
  return { settings, wallet, dispatcher, settingsStore };
}

describe('the wallet requests through the API dispatcher (contract validation both ways)', () => {
  it('answers wallet.status within the contract: integer strings, and "unavailable" for what is down', async () => {
    const { dispatcher } = setup();
    const body = await dispatcher.dispatch('wallet.status', {});
    expect(body.ok).toBe(true);
    expect(body).toMatchObject({
      result: {
        cluster: 'devnet',
        sol: { ok: true, value: '42' },
        nos: { ok: false, message: 'balance unavailable from https://api.devnet.solana.com' },
        earnings: { ok: true, value: { pending: '6100', settled: '9007199254740993' } },
        payoutAddress: null,
        payoutProblem: null,
      },
    });
  });

  it('keeps a valid payout address in settings and refuses an invalid one with its code and reason', async () => {
    const { dispatcher, settingsStore, settings } = setup();
    const payout = Keypair.generate().publicKey.toBase58();
    expect(await dispatcher.dispatch('wallet.payout.set', { address: payout })).toEqual({ ok: true, result: { payoutAddress: payout } });
    expect((settingsStore.value as { wallet: { payoutAddress: string } }).wallet.payoutAddress).toBe(payout);

    const refused = await dispatcher.dispatch('wallet.payout.set', { address: 'I0I0' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'payout_address_invalid' } });
    expect(settings.get().wallet.payoutAddress).toBe(payout);
  });

  it('signs a message in the off-chain envelope and returns the exact bytes signed', async () => {
    const { dispatcher, wallet } = setup();
    const body = await dispatcher.dispatch('wallet.signMessage', { message: Buffer.from('hello').toString('base64') });
    if (!body.ok) throw new Error(body.error.message);
    const { signature, signedMessage } = body.result as { signature: string; signedMessage: string };
    const signed = Buffer.from(signedMessage, 'base64');
    expect(signed.subarray(20).toString()).toBe('hello');
    const address = (await wallet.openIdentity()).publicKey;
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), address]), format: 'der', type: 'spki' });
    expect(verify(null, signed, key, bs58.decode(signature))).toBe(true);
  });

  it('refuses an oversized or non-base64 message before main signs anything', async () => {
    const { dispatcher } = setup();
    const tooLong = Buffer.alloc(2_000, 0x41).toString('base64');
    expect(await dispatcher.dispatch('wallet.signMessage', { message: tooLong })).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await dispatcher.dispatch('wallet.signMessage', { message: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    const notText = Buffer.from([0xff, 0xfe]).toString('base64');
    expect(await dispatcher.dispatch('wallet.signMessage', { message: notText })).toMatchObject({ ok: false, error: { code: 'message_invalid' } });
  });
});
