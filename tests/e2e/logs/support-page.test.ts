import { execFile } from 'node:child_process';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { chromiumPath } from '../../support/requirements';
import { supportBundlePath } from '../../../src/shared/wire';

const run = promisify(execFile);
const executablePath = chromiumPath();

describe.skipIf(!executablePath)('the Support page in Chromium, against a headless host', () => {
  let host: HeadlessProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startHeadlessProcess();
    browser = await launchChromium(executablePath!);
    ({ page } = await openPage(browser, `${host.dashboardUrl}#/support`, { width: 1280, height: 1000 }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows recent log lines, filtered by level and text', async () => {
    const lines = page.getByTestId('recent-logs');
    await expect.poll(() => lines.textContent(), { timeout: 20_000 }).toContain('host state changed');
    await page.getByLabel('Containing').fill('no such text anywhere');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => page.getByTestId('recent-logs-empty').textContent()).toContain('no such text anywhere');
  });

  it("writes the window's uncaught errors to the main log", async () => {
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('support-e2e: a renderer error');
      });
    });
    await page.getByLabel('Show').selectOption('error');
    await page.getByLabel('Containing').fill('support-e2e');
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return page.getByTestId('recent-logs').textContent().catch(() => '');
        },
        { timeout: 15_000 },
      )
      .toContain('support-e2e: a renderer error');
    expect(await page.getByTestId('recent-logs').textContent()).toContain('renderer');
  });

  it('previews the bundle with sizes, saves it, and the saved zip holds no token', async () => {
    await page.getByRole('button', { name: 'Preview what will be included' }).click();
    const preview = page.getByTestId('bundle-preview');
    await expect.poll(() => preview.textContent(), { timeout: 30_000 }).toContain('logs/gridhost.log');
    expect(await preview.textContent()).toContain('manifest.json');

    await page.getByRole('button', { name: 'Save support bundle' }).click();
    await expect.poll(() => page.getByTestId('bundle-path').textContent(), { timeout: 60_000 }).toMatch(/gridhost-support-\d{8}-\d{6}\.zip/);
    const saved = (await readdir(join(host.home, 'support'))).filter((f) => f.endsWith('.zip'));
    expect(saved).toHaveLength(1);
    const zip = join(host.home, 'support', saved[0]!);
    const dest = join(host.home, 'unzipped');
    await run('unzip', ['-q', zip, '-d', dest]);
    await access(join(dest, 'manifest.json'));
    for (const name of ['manifest.json', 'logs/gridhost.log']) {
      expect(await readFile(join(dest, name), 'utf8')).not.toContain(host.token);
    }

    // A headless rig's owner is at another computer: the dashboard downloads the same zip, byte for byte.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download to this computer' }).click()]);
    expect(download.suggestedFilename()).toBe(saved[0]);
    const downloaded = join(host.home, 'downloaded.zip');
    await download.saveAs(downloaded);
    expect(await readFile(downloaded)).toEqual(await readFile(zip));
    const refused = await page.evaluate(async (path) => (await fetch(path)).status, supportBundlePath(saved[0]!));
    expect(refused).toBe(401);

    // The browser dashboard opens bundles in the support folder by name; it has no file dialog.
    expect(await page.getByRole('button', { name: 'Choose file…' }).count()).toBe(0);
    await page.getByLabel('Bundle in the support folder').fill(saved[0]!);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByTestId('report-timeline').textContent(), { timeout: 20_000 }).toMatch(/starting → preflight/);
  });

  it('says what to do when the named bundle is missing, and refuses files outside the support folder', async () => {
    await page.getByLabel('Bundle in the support folder').fill('gridhost-support-nope.zip');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByText('The bundle could not be opened').count()).toBe(1);
    expect(await page.getByRole('alert').textContent()).toMatch(/no support bundle named gridhost-support-nope\.zip.*save one first/);
    await page.getByLabel('Bundle in the support folder').fill(join(host.home, 'settings.json'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(async () => page.getByRole('alert').textContent()).toMatch(/Only support bundles in the support folder/);
  });
});
