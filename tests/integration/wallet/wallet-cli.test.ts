import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bs58 from 'bs58';
import { Keypair, PublicKey } from '@solana/web3.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/cli';
import { commands } from '../../../src/main/cli/commands';
import { NOS_MINT_MAINNET } from '../../../src/main/core/wallet/cluster';
import { LiteSvmRpcServer, TOKEN_PROGRAM_ID } from '../../support/litesvm-rpc-server';
import { SolanaTestFunder } from '../../support/solana-test-funder';
import { MINT_SPACE } from '../../support/spl-token-instructions';

type Env = Record<string, string | undefined>;

async function gridhost(args: string[], env: Env): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, commands, {
    env: { PATH: process.env.PATH, ...env },
    out: (t) => void (out += t),
    err: (t) => void (err += t),
  });
  return { code, out, err };
}

describe('gridhost wallet / key export / key import against a local JSON-RPC endpoint', () => {
  const rpc = new LiteSvmRpcServer();
  let funder: SolanaTestFunder;
  let home: string;
  let env: Env;

  beforeAll(async () => {
    funder = await SolanaTestFunder.create(await rpc.start());
    // NOS itself, at its mainnet address, as a custom cluster would have it: 6 decimals, funder mints.
    const mint = Buffer.alloc(MINT_SPACE);
    mint.writeUInt32LE(1, 0);
    funder.publicKey.toBuffer().copy(mint, 4);
    mint[44] = 6;
    mint[45] = 1;
    rpc.svm.setAccount({
      address: NOS_MINT_MAINNET as never,
      data: mint,
      executable: false,
      lamports: rpc.svm.minimumBalanceForRentExemption(BigInt(MINT_SPACE)) as never,
      programAddress: TOKEN_PROGRAM_ID.toBase58() as never,
      space: BigInt(MINT_SPACE),
    });
  });
  afterAll(() => rpc.stop());

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-wallet-cli-'));
    env = { GRIDHOST_HOME: home };
    await writeFile(join(home, 'settings.json'), JSON.stringify({ wallet: { cluster: 'custom', customRpcUrl: rpc.url } }));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('prints exactly address, sol, nos, payoutAddress, pending, settled and the reasons a figure is missing as JSON, and sees funds arrive', async () => {
    const first = await gridhost(['wallet', '--json'], env);
    expect(first.code).toBe(0);
    const before = JSON.parse(first.out) as Record<string, unknown>;
    expect(Object.keys(before)).toEqual(['address', 'sol', 'nos', 'payoutAddress', 'pending', 'settled', 'solError', 'nosError', 'earningsError']);
    expect(before).toMatchObject({ solError: null, nosError: null });
    expect(before).toMatchObject({ sol: '0', nos: '0', payoutAddress: null });

    const node = new PublicKey(before.address as string);
    await funder.sendSol(node, 2_039_280);
    await funder.createTokenAccount(new PublicKey(NOS_MINT_MAINNET), node, 1_234_567n);

    const after = JSON.parse((await gridhost(['wallet', '--json'], env)).out) as Record<string, unknown>;
    expect(after).toMatchObject({ address: before.address, sol: '2039280', nos: '1234567' });

    const text = await gridhost(['wallet'], env);
    expect(text.out).toContain('0.00203928 SOL (2039280 lamports)');
    expect(text.out).toContain('1.234567 NOS');
    expect(text.out).toContain(`from ${rpc.url}`);
  });

  it('sets a valid payout address, refuses an invalid one with the reason, and clears it', async () => {
    const payout = Keypair.generate().publicKey.toBase58();
    const refused = await gridhost(['wallet', '--set-payout', `${payout.slice(0, 10)}0${payout.slice(11)}`], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Character 11 \("0"\) cannot be in a Solana address/);

    const set = await gridhost(['wallet', '--json', '--set-payout', payout], env);
    expect(JSON.parse(set.out)).toMatchObject({ payoutAddress: payout });
    const settings = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { wallet: { payoutAddress: string } };
    expect(settings.wallet.payoutAddress).toBe(payout);

    const cleared = await gridhost(['wallet', '--json', '--clear-payout'], env);
    expect(JSON.parse(cleared.out)).toMatchObject({ payoutAddress: null });
  });

  it('switches the cluster from the command line, and refuses a bad one or a bad URL without changing anything', async () => {
    await rm(join(home, 'settings.json'));
    const devnet = await gridhost(['wallet'], env);
    expect(devnet.out).toMatch(/Cluster\s+devnet/);

    const custom = await gridhost(['wallet', '--json', '--rpc-url', rpc.url], env);
    expect(custom.code).toBe(0);
    expect(JSON.parse(custom.out)).toMatchObject({ sol: '0' });
    const saved = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { wallet: Record<string, unknown> };
    expect(saved.wallet).toMatchObject({ cluster: 'custom', customRpcUrl: rpc.url });

    expect(await gridhost(['wallet', '--cluster', 'moon'], env)).toMatchObject({ code: 2, err: expect.stringMatching(/--cluster must be one of/) });
    expect(await gridhost(['wallet', '--cluster', 'devnet', '--rpc-url', rpc.url], env)).toMatchObject({ code: 2 });
    const badUrl = await gridhost(['wallet', '--rpc-url', 'ftp://example.com'], env);
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toMatch(/customRpcUrl/);
    const after = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { wallet: Record<string, unknown> };
    expect(after.wallet).toMatchObject({ cluster: 'custom', customRpcUrl: rpc.url });
  });

  it('prints null and says "balance unavailable from <endpoint>" when the RPC is down', async () => {
    await writeFile(
      join(home, 'settings.json'),
      JSON.stringify({ wallet: { cluster: 'custom', customRpcUrl: 'http://127.0.0.1:9/' } }),
    );
    const result = await gridhost(['wallet', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      sol: null,
      nos: null,
      solError: 'balance unavailable from http://127.0.0.1:9',
      nosError: 'balance unavailable from http://127.0.0.1:9',
    });
    expect(result.err).toContain('balance unavailable from http://127.0.0.1:9');
  });

  it('exports an owner-only solana-keygen backup that imports elsewhere as the same node', async () => {
    const address = (JSON.parse((await gridhost(['wallet', '--json'], env)).out) as { address: string }).address;
    const backup = join(home, 'backup.json');
    const exported = await gridhost(['key', 'export', '--out', backup], env);
    expect(exported.code).toBe(0);
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
    const bytes = JSON.parse(await readFile(backup, 'utf8')) as number[];
    expect(Keypair.fromSecretKey(Uint8Array.from(bytes)).publicKey.toBase58()).toBe(address);
    expect(exported.out).not.toContain(bytes.slice(0, 8).join(','));

    // The key reaches no log line, in any encoding, even though it was just exported.
    const seed = Buffer.from(bytes.slice(0, 32));
    const logs = await Promise.all((await readdir(join(home, 'logs'))).map((f) => readFile(join(home, 'logs', f), 'utf8')));
    expect(logs.join('').length).toBeGreaterThan(0);
    for (const form of [bytes.slice(0, 16).join(','), seed.toString('base64'), seed.toString('hex'), bs58.encode(Uint8Array.from(bytes))]) {
      expect(logs.join('\n')).not.toContain(form);
    }

    const again = await gridhost(['key', 'export', '--out', backup], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists/);

    const otherHome = await mkdtemp(join(tmpdir(), 'gridhost-wallet-cli-other-'));
    try {
      const otherEnv = { GRIDHOST_HOME: otherHome };
      await gridhost(['wallet', '--json'], otherEnv);
      const refused = await gridhost(['key', 'import', backup], otherEnv);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/already has the key .* --replace/s);
      const imported = await gridhost(['key', 'import', backup, '--replace'], otherEnv);
      expect(imported.out).toContain(address);
      expect(JSON.parse((await gridhost(['wallet', '--json'], otherEnv)).out)).toMatchObject({ address });
      expect((await readdir(otherHome)).some((n) => n.startsWith('node-key.json.replaced-'))).toBe(true);
    } finally {
      await rm(otherHome, { recursive: true, force: true });
    }
  });

  it('seals with GRIDHOST_KEY_PASSPHRASE and says what to do when it is missing or wrong', async () => {
    const sealed = await gridhost(['wallet', '--json'], { ...env, GRIDHOST_KEY_PASSPHRASE: 'long enough passphrase' });
    expect(sealed.code).toBe(0);
    const file = JSON.parse(await readFile(join(home, 'node-key.json'), 'utf8')) as { protection: { kind: string } };
    expect(file.protection.kind).toBe('passphrase');

    const missing = await gridhost(['wallet'], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/GRIDHOST_KEY_PASSPHRASE/);
    const wrong = await gridhost(['wallet'], { ...env, GRIDHOST_KEY_PASSPHRASE: 'long enough passphrasE' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/does not unlock the node key/);
    expect((await gridhost(['wallet', '--json'], { ...env, GRIDHOST_KEY_PASSPHRASE: 'long enough passphrase' })).code).toBe(0);
  });

  it('moves an unreadable key file aside and names where, instead of making a new key', async () => {
    await writeFile(join(home, 'node-key.json'), '{"format":"gridhost-node-key", truncated');
    const result = await gridhost(['wallet'], env);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/node-key\.json\.corrupt-.*gridhost key import/s);
    const again = await gridhost(['wallet'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/will not make a new key/);
  });
});
