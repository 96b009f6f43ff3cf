import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser';
import { REPO_ROOT, startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { chromiumPath } from '../../support/requirements';

const executablePath = chromiumPath();
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

describe.skipIf(!executablePath)('the Settings page in Chromium against the headless host', () => {
  let home: string;
  let host: HeadlessProcess;
  let browser: Browser;
  // No nvidia-smi on PATH and a grid nobody runs: the host stays idle while settings change.
  const start = () => startHeadlessProcess([], { PATH: dirname(process.execPath), GRIDHOST_HOME: home });

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    home = await mkdtemp(join(tmpdir(), 'gridhost-settings-'));
    host = await start();
    browser = await launchChromium(executablePath!);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(home, { recursive: true, force: true });
  });

  async function openSettings(): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser, host.dashboardUrl, { width: 1280, height: 900 });
    await opened.page.evaluate(() => (location.hash = '#/settings'));
    await expect.poll(() => opened.page.locator('h1').textContent()).toBe('Settings');
    await expect.poll(() => opened.page.getByTestId('field-grid.url').isVisible()).toBe(true);
    return opened;
  }

  async function save(page: Page, section: string) {
    await page.getByTestId(`settings-${section}`).getByRole('button', { name: 'Save' }).click();
  }

  async function saved(page: Page, section: string) {
    await expect.poll(() => page.getByTestId(`settings-${section}`).getByRole('status').textContent(), { timeout: 10_000 }).toBe('Saved.');
  }

  it('saves each field, refuses bad input with a sentence next to the field, and shows the values after a restart', async () => {
    const { page, errors } = await openSettings();
    const field = (path: string) => page.getByTestId(`field-${path}`);
    const error = (path: string) => page.getByTestId(`error-${path}`);

    // Refused, each with its sentence, and nothing saved.
    await field('grid.url').fill('not an address');
    await save(page, 'grid');
    await expect.poll(() => error('grid.url').textContent()).toBe('The grid address must be a web address that starts with http:// or https://, like https://api.example.com.');
    await field('containers.cpus').fill('0.1');
    await field('containers.memoryMiB').fill('lots');
    await save(page, 'containers');
    await expect.poll(() => error('containers.cpus').textContent()).toBe('The CPU limit must be at least 0.5.');
    expect(await error('containers.memoryMiB').textContent()).toBe('The memory limit must be a number.');
    await field('logs.maxFiles').fill('0');
    await save(page, 'logs');
    await expect.poll(() => error('logs.maxFiles').textContent()).toBe('The number of log files must be at least 1.');
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-refused.png'), fullPage: true });

    // Saved, section by section.
    await field('grid.url').fill('http://127.0.0.1:7999');
    await save(page, 'grid');
    await saved(page, 'grid');
    expect(await error('grid.url').count()).toBe(0);
    await field('containers.memoryMiB').fill('2048');
    await field('containers.cpus').fill('2');
    await field('containers.stopGraceSeconds').fill('10');
    await field('containers.imageCacheGiB').fill('20');
    await save(page, 'containers');
    await saved(page, 'containers');
    await field('logs.level').selectOption('warn');
    await field('logs.maxFileMiB').fill('4');
    await field('logs.maxFiles').fill('7');
    await save(page, 'logs');
    await saved(page, 'logs');
    await field('notifications.jobs').check();
    await save(page, 'notifications');
    await saved(page, 'notifications');
    await field('app.startAtLogin').check();
    await field('app.closeToTray').uncheck();
    await save(page, 'desktop');
    await saved(page, 'desktop');
    await field('updates.channel').selectOption('beta');
    await save(page, 'updates');
    await saved(page, 'updates');
    await field('wallet.allowBasicTextKeyring').check();
    await save(page, 'keyStore');
    await saved(page, 'keyStore');
    expect(await page.getByTestId('data-folder').textContent()).toBe(home);
    expect(await page.getByRole('link', { name: 'Sharing page' }).getAttribute('href')).toBe('#/sharing');
    await page.screenshot({ path: join(SCREENSHOTS, 'settings.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();

    // A restart reads them back from the data folder.
    await host.stop();
    host = await start();
    const again = await openSettings();
    const shown = (path: string) => again.page.getByTestId(`field-${path}`);
    expect(await shown('grid.url').inputValue()).toBe('http://127.0.0.1:7999');
    expect(await shown('containers.memoryMiB').inputValue()).toBe('2048');
    expect(await shown('containers.cpus').inputValue()).toBe('2');
    expect(await shown('containers.stopGraceSeconds').inputValue()).toBe('10');
    expect(await shown('containers.imageCacheGiB').inputValue()).toBe('20');
    expect(await shown('logs.level').inputValue()).toBe('warn');
    expect(await shown('logs.maxFileMiB').inputValue()).toBe('4');
    expect(await shown('logs.maxFiles').inputValue()).toBe('7');
    expect(await shown('notifications.jobs').isChecked()).toBe(true);
    expect(await shown('notifications.attention').isChecked()).toBe(true);
    expect(await shown('app.startAtLogin').isChecked()).toBe(true);
    expect(await shown('app.closeToTray').isChecked()).toBe(false);
    expect(await shown('updates.channel').inputValue()).toBe('beta');
    expect(await shown('wallet.allowBasicTextKeyring').isChecked()).toBe(true);
    expect(again.errors).toEqual([]);
    await again.page.close();
  }, 120_000);
});
