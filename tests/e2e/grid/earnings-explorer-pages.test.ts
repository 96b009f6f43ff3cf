import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { chromiumPath } from '../../support/requirements';

const executablePath = chromiumPath();
const SHOTS = join('test-results', 'screenshots');

/** A job every 3 hours over the last 20 days, ending `n` x 3 h before the test started. */
const startedAt = Date.now();
const endedAt = (n: number) => startedAt - n * 3 * 3_600_000;
const entry = (n: number) => {
  const ended = endedAt(n);
  return {
    runId: `run-${n}`, jobId: `job-${n}`, market: 'nvidia-3060', outcome: 'finished',
    startedAt: new Date(ended - 600_000).toISOString(), endedAt: new Date(ended).toISOString(),
    secondsRun: 600, secondsPaid: 600, pricePerSecond: 85 + (n % 20), amount: 600 * (85 + (n % 20)),
    status: n > 8 ? 'settled' : 'pending', settledAt: n > 8 ? new Date(ended + 60_000).toISOString() : null, exitCode: 0, note: null,
  };
};

describe.skipIf(!executablePath)('Earnings (totals, charts, projection) and Explorer pages, in Chromium', () => {
  let home: string;
  let host: HeadlessProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-earnings-e2e-'));
    await writeFile(join(home, 'earnings.json'), JSON.stringify({ version: 1, entries: Array.from({ length: 160 }, (_, n) => entry(n)) }));
    await writeFile(
      join(home, 'settings.json'),
      JSON.stringify({ grid: { url: 'http://127.0.0.1:9' }, earnings: { currency: 'EUR', electricityPricePerKwh: 0.3, machineWatts: 150, nosPrice: 0.5 } }),
    );
    await mkdir(SHOTS, { recursive: true });
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    browser = await launchChromium(executablePath!);
    ({ page } = await openPage(browser, `${host.dashboardUrl}#/earnings`, { width: 1280, height: 1000 }));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('shows totals with the electricity estimate and net, and a chart per day, week and month', async () => {
    await page.getByTestId('earnings-total-last7Days').waitFor();
    const week = await page.getByTestId('earnings-total-last7Days').innerText();
    expect(week).toMatch(/\d+\.\d{6} NOS/);
    // The last 7 days start at the local midnight six days back: how many jobs that holds depends on the hour.
    const now = new Date(startedAt);
    const weekStart = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6).getTime();
    const inWeek = Array.from({ length: 160 }, (_, n) => endedAt(n)).filter((ended) => ended >= weekStart).length;
    expect(week).toContain(`from ${inWeek} jobs`);
    expect(week).toContain('estimate');
    expect(week).toMatch(/net ~/);
    await page.locator('[data-testid="earnings-chart"] canvas').waitFor();
    await page.getByRole('tab', { name: 'Per week' }).click();
    await page.locator('[data-testid="earnings-chart"] canvas').waitFor();
    expect(await page.getByTestId('earnings-projection-missing').innerText()).toMatch(/market/);
    await page.screenshot({ path: join(SHOTS, 'earnings-page.png'), fullPage: true });
  });

  it('shows the Explorer page in the navigation, saying what to do when the grid does not answer', async () => {
    await page.getByRole('link', { name: 'Explorer' }).click();
    await page.getByText('The grid did not answer').waitFor();
    expect(await page.locator('main').innerText()).toContain('Check that the grid is reachable');
    await page.screenshot({ path: join(SHOTS, 'explorer-page.png'), fullPage: true });
  });
});
