import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser';
import { FakeGpuState } from '../../support/fake-nvidia-smi';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { chromiumPath } from '../../support/requirements';

const executablePath = chromiumPath() ?? (process.env.GRIDHOST_REQUIRE_BROWSER === '1' ? '/usr/bin/chromium' : null);

describe.skipIf(!executablePath)('the Sharing page in Chromium, against a headless host with a game on the (fake) GPU', () => {
  let home: string;
  let host: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const gpu = new FakeGpuState();

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-sharing-e2e-'));
    gpu.setProcesses([{ pid: 999_999, type: 'C+G', process_name: '/opt/games/Cyberpunk2077.exe', used_memory: 6000 }]);
    // No grid answers here: the page is about the sharing decision, which runs whatever the grid says.
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home, ...gpu.env('rtx-3060') }, { grid: { url: 'http://127.0.0.1:9' }, sharing: { mode: 'auto' } });
    browser = await launchChromium(executablePath!);
    ({ page, errors } = await openPage(browser, `${host.dashboardUrl}#/sharing`, { width: 1366, height: 768 }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    gpu.remove();
    await rm(home, { recursive: true, force: true });
  });

  it('shows the live reason, changes the mode and a rule, and keeps them', async () => {
    const reason = page.getByTestId('sharing-reason');
    await expect.poll(() => reason.textContent(), { timeout: 15_000 }).toBe('Paused: Cyberpunk2077.exe is using the GPU');
    expect(await page.getByTestId('mode-auto').isChecked()).toBe(true);
    // A headless machine has no idle signal: the page says so, and why.
    await expect.poll(() => page.getByTestId('unavailable-signals').textContent()).toMatch(/idle/);

    await page.getByTestId('mode-never').click();
    await expect.poll(() => reason.textContent()).toBe('Paused: sharing is set to Never');
    await page.getByTestId('mode-auto').click();
    await expect.poll(() => reason.textContent()).toBe('Paused: Cyberpunk2077.exe is using the GPU');

    await page.getByTestId('idle-minutes').fill('3');
    await page.getByTestId('blocked-programs').fill('steam\nCyberpunk2077.exe');
    await page.getByRole('button', { name: 'Add a time range' }).click();
    await page.getByTestId('save-rules').click();
    await expect
      .poll(async () => JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')).sharing, { timeout: 10_000 })
      .toMatchObject({ mode: 'auto', idleMinutes: 3, blockedPrograms: ['steam', 'Cyberpunk2077.exe'], schedule: { slots: [{ start: '22:00', end: '07:00' }] } });
    // The new schedule (22:00–07:00 on weekdays) joins the reasons to pause outside it; the game still holds it back.
    await expect.poll(() => reason.textContent()).toMatch(/^Paused: /);

    // A value the rules refuse says why, and nothing is lost.
    await page.getByTestId('idle-minutes').fill('-4');
    await page.getByTestId('save-rules').click();
    await expect.poll(() => page.getByTestId('rules-error').textContent()).toBe('Write the idle time as whole minutes, from 0 to 1440 (a day). Nothing was saved.');
    expect(JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')).sharing.idleMinutes).toBe(3);
    await page.getByTestId('idle-minutes').fill('3');
    await page.getByTestId('save-rules').click();
    await expect.poll(() => page.getByTestId('rules-error').count()).toBe(0);

    await mkdir('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/sharing.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('Overview shows the live reason beside the state and a live GPU card from nvidia-smi', async () => {
    await page.goto(`${host.dashboardUrl.split('#')[0]}#/`);
    await expect.poll(() => page.getByTestId('sharing-live-reason').textContent(), { timeout: 15_000 }).toBe('Paused: Cyberpunk2077.exe is using the GPU');
    await expect.poll(() => page.getByTestId('gpu-live').first().textContent(), { timeout: 15_000 }).toMatch(/Temperature\d+ °C.*Utilisation.*VRAM in use\d+ MiB of \d+ MiB/);
    // Sampled about once a second while shown: a new temperature appears.
    gpu.setTemperature(71);
    await expect.poll(() => page.getByTestId('gpu-live').first().textContent(), { timeout: 5_000 }).toMatch(/Temperature71 °C/);
    await page.screenshot({ path: 'test-results/screenshots/overview-sharing.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
