import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalGrid } from '../../../tools/local-grid/local-grid';
import { ensureTestImage } from '../../support/docker-images';
import { startGridDashboard, type GridDashboard } from '../../support/grid/grid-dashboard';
import type { HeadlessProcess } from '../../support/headless-process';
import { chromiumPath, dockerAvailable } from '../../support/requirements';

const executablePath = chromiumPath();
const hasDocker = executablePath ? await dockerAvailable() : false;

describe.skipIf(!executablePath || !hasDocker)('Test Grid, Jobs and Earnings pages in Chromium, against a headless host and the local grid', () => {
  let home: string;
  let grid: LocalGrid;
  let host: HeadlessProcess;
  let page: Page;
  let errors: string[] = [];
  let dashboard: GridDashboard | null = null;

  beforeAll(async () => {
    const image = await ensureTestImage();
    // The owner starts sharing with the button (a headless rig that never chose would share by itself: Always).
    dashboard = await startGridDashboard({
      executablePath: executablePath!,
      grid: { autoApprove: false, feeder: { intervalMs: 500, image, durationSeconds: 3, pricePerSecond: 1234 } },
      sharing: 'never',
      hash: '#/jobs',
      viewport: { width: 1280, height: 900 },
    });
    ({ home, grid, host, page, errors } = dashboard);
  }, 90_000);

  afterAll(() => dashboard?.close());

  it('shows empty states that say what will appear', async () => {
    await expect.poll(() => page.getByTestId('jobs-empty').textContent(), { timeout: 15_000 }).toMatch(/Jobs appear here as this machine runs them/);
    await page.goto(`${host.dashboardUrl.split('#')[0]}#/earnings`);
    await expect.poll(() => page.getByTestId('earnings-empty').textContent()).toMatch(/first job's earnings appear here when it finishes/);
  });

  it('enrolls through the wizard with the keyboard, then shows the waitlist reason', async () => {
    await page.goto(`${host.dashboardUrl.split('#')[0]}#/test-grid`);
    await expect.poll(() => page.getByTestId('enrollment-status').textContent(), { timeout: 15_000 }).toBe('Not enrolled');
    const accept = page.getByLabel(/I accept the test-grid terms/);
    await accept.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Next' }).click();
    const email = page.getByLabel('Email for the grid operators (optional)');
    await email.fill('not-an-email');
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await email.fill('owner@example.com');
    await page.getByRole('button', { name: 'Next' }).click();
    // The finished benchmark from the history is offered for reuse, already chosen.
    const reuse = page.getByLabel(/partial: No NVIDIA GPU was found/);
    await expect.poll(() => reuse.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Submit signed results' }).click();

    await expect.poll(() => page.getByTestId('enrollment-status').textContent(), { timeout: 15_000 }).toBe('Waitlisted');
    expect(await page.getByTestId('enrollment-reason').textContent()).toMatch(/operator reviews new nodes/);
  });

  it('shows onboarding with the market, queues, runs a job and lists it with its gross pay', async () => {
    const key = JSON.parse(await readFile(join(home, 'node-key.json'), 'utf8')) as { address: string };
    grid.transaction(() => grid.coordinator.approve(key.address, 'cpu-dev'));
    await page.getByRole('button', { name: 'Check status again' }).click();
    await expect.poll(() => page.getByTestId('enrollment-status').textContent()).toBe('Onboarded');
    expect(await page.getByText('in market cpu-dev').count()).toBe(1);

    await page.getByRole('button', { name: 'Start sharing' }).click();
    await page.goto(`${host.dashboardUrl.split('#')[0]}#/jobs`);
    // While it runs: the job's own output, live.
    await expect.poll(() => page.getByTestId('job-output').textContent(), { timeout: 30_000 }).toMatch(/prompt: What is a GPU grid\?/);
    await expect.poll(() => page.getByTestId('jobs-table').count(), { timeout: 45_000 }).toBe(1);
    const row = page.getByTestId('jobs-table').locator('tbody tr').first();
    const text = (await row.textContent()) ?? '';
    // The sample job runs 3 s and exits 0: finished, no exit code or note shown, at least 2 s x 1234 micro-NOS.
    expect(text).toMatch(/cpu-dev(\d+)sFinished(0\.\d{4,}) NOS gross$/);
    const [, seconds, gross] = /cpu-dev(\d+)sFinished(0\.\d{4,}) NOS gross$/.exec(text)!;
    expect(Number(seconds)).toBeGreaterThanOrEqual(2);
    expect(Math.round(Number(gross) * 1e6)).toBe(Number(seconds) * 1234);

    await page.goto(`${host.dashboardUrl.split('#')[0]}#/earnings`);
    await expect.poll(() => page.getByTestId('earnings-table').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('earnings-pending').textContent()).toMatch(/^0\.0\d{3,} NOS$/);
    expect(await page.getByTestId('earnings-table').textContent()).toMatch(/0\.001234 NOS.*gross.*Pending/);

    // The Overview leads with what the host does now and the one action that fits: Pause, then Start sharing.
    await page.goto(`${host.dashboardUrl.split('#')[0]}#/`);
    await expect.poll(() => page.getByTestId('host-headline').textContent(), { timeout: 15_000 }).toMatch(/^(Waiting for a job|Earning) on cpu-dev/);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('host-headline').textContent(), { timeout: 15_000 }).toMatch(/^Paused: /);
    expect(await page.getByRole('button', { name: 'Start sharing' }).count()).toBe(1);
    expect(errors).toEqual([]);
  }, 90_000);
});
