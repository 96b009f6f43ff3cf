import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { chromiumPath } from '../../support/requirements';

const executablePath = chromiumPath();
const JOBS = 120;

/** The n-th job of an earlier version's earnings.json: one a minute, 85 to 104 micro-NOS a second. */
const oldEntry = (n: number) => {
  const ended = Date.parse('2026-10-01T00:00:00.000Z') + n * 60_000;
  return {
    runId: `run-${n}`,
    jobId: `job-${n}`,
    market: 'nvidia-3060',
    outcome: 'finished',
    startedAt: new Date(ended - 1000).toISOString(),
    endedAt: new Date(ended).toISOString(),
    secondsRun: 1,
    secondsPaid: 1,
    pricePerSecond: 85 + (n % 20),
    amount: 85 + (n % 20),
    status: 'settled',
    settledAt: new Date(ended + 60_000).toISOString(),
    exitCode: 0,
    note: null,
  };
};

describe.skipIf(!executablePath)('Jobs and Earnings page through a long ledger taken in from an earlier version, in Chromium', () => {
  let home: string;
  let host: HeadlessProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-ledger-e2e-'));
    await writeFile(join(home, 'earnings.json'), JSON.stringify({ version: 1, entries: Array.from({ length: JOBS }, (_, n) => oldEntry(n)) }));
    // No grid answers here: the pages show what the host database holds.
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: 'http://127.0.0.1:9' } }));
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    browser = await launchChromium(executablePath!);
    ({ page } = await openPage(browser, `${host.dashboardUrl}#/jobs`, { width: 1280, height: 900 }));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(home, { recursive: true, force: true });
  });

  const rows = (table: string) => page.locator(`[data-testid=${table}] tbody tr`).count();

  it('takes the old earnings.json in once, and the Jobs page shows 50 at a time, newest first, with Show older', async () => {
    await expect.poll(() => rows('jobs-table'), { timeout: 15_000 }).toBe(50);
    expect(existsSync(join(home, 'earnings.json.migrated'))).toBe(true);
    expect(existsSync(join(home, 'earnings.json'))).toBe(false);
    await page.getByTestId('jobs-show-older').click();
    await expect.poll(() => rows('jobs-table')).toBe(100);
    await page.getByTestId('jobs-show-older').click();
    await expect.poll(() => rows('jobs-table')).toBe(JOBS);
    expect(await page.getByTestId('jobs-show-older').count()).toBe(0);
    const first = await page.locator('[data-testid=jobs-table] tbody tr').first().textContent();
    expect(first).toContain(`job-${JOBS - 1}`.slice(0, 12));
  });

  it('the Earnings page pages too, with every NOS amount in one format', async () => {
    await page.goto(`${host.dashboardUrl.split('#')[0]}#/earnings`);
    await expect.poll(() => rows('earnings-table'), { timeout: 30_000 }).toBe(50);
    const text = (await page.getByTestId('earnings-table').textContent())!;
    const amounts = text.match(/\d+\.\d+ NOS/g)!;
    expect(amounts.length).toBeGreaterThanOrEqual(100);
    for (const amount of amounts) expect(amount).toMatch(/^\d+\.\d{6} NOS$/);
    expect(text).toContain('0.000100 NOS');
    await page.getByTestId('earnings-show-older').click();
    await expect.poll(() => rows('earnings-table')).toBe(100);
    const total = Array.from({ length: JOBS }, (_, n) => 85 + (n % 20)).reduce((a, b) => a + b, 0);
    expect(await page.getByTestId('earnings-settled').textContent()).toBe(`0.${String(total).padStart(6, '0')} NOS`);
  });
});
