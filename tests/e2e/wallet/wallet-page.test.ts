import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bs58 from 'bs58';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser';
import { Keypair, PublicKey } from '@solana/web3.js';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { LiteSvmRpcServer } from '../../support/litesvm-rpc-server';
import { chromiumPath } from '../../support/requirements';

const executablePath = chromiumPath();

describe.skipIf(!executablePath)('the Wallet page in Chromium, against a headless host and a local JSON-RPC endpoint', () => {
  const rpc = new LiteSvmRpcServer();
  let home: string;
  let host: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    await rpc.start();
    home = await mkdtemp(join(tmpdir(), 'gridhost-wallet-e2e-'));
    await writeFile(join(home, 'settings.json'), JSON.stringify({ wallet: { cluster: 'custom', customRpcUrl: rpc.url } }));
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    browser = await launchChromium(executablePath!);
    ({ page, errors } = await openPage(browser, `${host.dashboardUrl}#/wallet`, { width: 1280, height: 900 }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rpc.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('shows the node address (with a QR code) and its balances, and sees SOL arrive after a refresh', async () => {
    await expect.poll(() => page.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    const address = (await page.getByTestId('wallet-address').textContent())!;
    const keyFile = JSON.parse(await readFile(join(home, 'node-key.json'), 'utf8')) as { address: string };
    expect(address).toBe(keyFile.address);
    await expect.poll(() => page.getByRole('img', { name: `QR code of the node address ${address}` }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('wallet-sol').textContent(), { timeout: 15_000 }).toBe('0.0000 SOL');
    await expect.poll(() => page.getByRole('button', { name: 'Refresh balances' }).isEnabled()).toBe(true);

    rpc.svm.airdrop(new PublicKey(address).toBase58() as never, 1_500_000_000n as never);
    await page.getByRole('button', { name: 'Refresh balances' }).click();
    // A status read also asks the grid for earnings (none runs here: it retries, then says so).
    await expect.poll(() => page.getByTestId('wallet-sol').textContent(), { timeout: 15_000 }).toBe('1.5000 SOL');
    expect(await page.getByTestId('wallet-endpoint').textContent()).toBe(rpc.url);
  });

  it('refuses an invalid payout address with the reason by the field, then saves a valid one', async () => {
    // Chromium has WebHID, so the Ledger adapter offers to read the address (no device is attached here).
    await expect
      .poll(() => page.getByRole('button', { name: 'Use my Ledger’s address' }).count(), { timeout: 10_000 })
      .toBe(1);
    const input = page.getByLabel('Wallet address to be paid in (Solana, base58)');
    await input.fill('0xdeadbeef');
    await page.getByRole('button', { name: 'Save payout address' }).click();
    await expect.poll(() => page.getByTestId('payout-error').textContent(), { timeout: 10_000 }).toMatch(/Character 1 \("0"\) cannot be in a Solana address/);
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    const payout = Keypair.generate().publicKey.toBase58();
    await input.fill(payout);
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('payout-saved').textContent(), { timeout: 10_000 }).toBe('Saved.');
    expect(await page.getByTestId('payout-error').count()).toBe(0);
    const settings = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { wallet: { payoutAddress: string } };
    expect(settings.wallet.payoutAddress).toBe(payout);
  });

  it('signs a message with the node key through the wallet-adapter hooks, verifiable off-chain', async () => {
    const address = (await page.getByTestId('wallet-address').textContent())!;
    await page.getByLabel('Text to sign with the node key').fill('I run this node');
    const sign = page.getByRole('button', { name: 'Sign with the node key' });
    await expect.poll(() => sign.isEnabled(), { timeout: 10_000 }).toBe(true);
    await sign.click();
    await expect.poll(() => page.getByTestId('wallet-signature').count(), { timeout: 10_000 }).toBe(1);
    const signature = bs58.decode((await page.getByTestId('wallet-signature').textContent())!);

    const text = Buffer.from('I run this node');
    const envelope = Buffer.concat([Buffer.from('\xffsolana offchain', 'latin1'), Buffer.from([0, 0, text.length, 0]), text]);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), new PublicKey(address).toBuffer()]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, envelope, key, signature)).toBe(true);
    expect(verify(null, text, key, signature)).toBe(false);
  });

  it('switches the network from the page; a URL that is not http(s) is refused with the reason', async () => {
    await page.getByRole('radio', { name: /Devnet/ }).check();
    await page.getByRole('button', { name: 'Use this network' }).click();
    await expect.poll(() => page.getByTestId('wallet-endpoint').textContent(), { timeout: 15_000 }).toBe('https://api.devnet.solana.com');

    await page.getByRole('radio', { name: /Custom RPC/ }).check();
    await page.getByLabel('JSON-RPC URL (http or https)').fill('ftp://example.com');
    await page.getByRole('button', { name: 'Use this network' }).click();
    await expect.poll(() => page.getByTestId('network-error').textContent(), { timeout: 10_000 }).toBe('The RPC address must be a web address that starts with http:// or https://, like https://api.example.com.');

    await page.getByLabel('JSON-RPC URL (http or https)').fill(rpc.url);
    await page.getByRole('button', { name: 'Use this network' }).click();
    await expect.poll(() => page.getByTestId('wallet-endpoint').textContent(), { timeout: 15_000 }).toBe(rpc.url);
    await expect.poll(() => page.getByTestId('wallet-sol').textContent(), { timeout: 15_000 }).toBe('1.5000 SOL');
  });

  it('says "balance unavailable from <endpoint>" when the RPC goes down, without an error on screen', async () => {
    const url = rpc.url;
    await rpc.stop();
    await page.getByRole('button', { name: 'Refresh balances' }).click();
    await expect
      .poll(() => page.getByTestId('wallet-sol').textContent(), { timeout: 15_000 })
      .toBe(`balance unavailable from ${url}`);
    expect(await page.getByTestId('wallet-nos').textContent()).toBe(`balance unavailable from ${url}`);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('never receives the key and logs no error in the browser', async () => {
    const keyFile = await readFile(join(home, 'node-key.json'), 'utf8');
    const seed = (JSON.parse(keyFile) as { protection: { seed?: string } }).protection.seed!;
    expect(await page.content()).not.toContain(seed);
    expect(errors).toEqual([]);
  });
});
