import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser';
import { fakeNvidiaSmiEnv } from '../../support/fake-nvidia-smi';
import { REPO_ROOT, startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { chromiumPath, dockerAvailable } from '../../support/requirements';
import { buildBenchmarkStandIn } from '../../integration/benchmark/stand-in-image';

const executablePath = chromiumPath();
const hasDocker = executablePath ? await dockerAvailable() : false;
const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'nvidia-smi');
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

describe.skipIf(!executablePath || !hasDocker)('the Hardware page in Chromium, against a headless host with a fake nvidia-smi', () => {
  let dir: string;
  let fixture: string;
  let host: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridhost-hardware-e2e-'));
    // The fake replays this file; the test swaps the card in it to see "Check again" pick the change up.
    fixture = join(dir, 'gpu.json');
    await copyFile(join(FIXTURES, 'rtx-3060-laptop.json'), fixture);
    const standIn = await buildBenchmarkStandIn('rtx-3060');
    host = await startHeadlessProcess([], {
      ...fakeNvidiaSmiEnv(fixture),
      GRIDHOST_GPU_PROBE_IMAGE: standIn,
      GRIDHOST_GPU_BENCHMARK_IMAGE: standIn,
    });
    browser = await launchChromium(executablePath!);
    ({ page, errors } = await openPage(browser, `${host.dashboardUrl}#/hardware`, { width: 1280, height: 900 }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const check = (id: string) => page.locator(`[data-check="${id}"]`);

  it('lists the checks with a fix for each problem, and the GPU beside its expected figures', async () => {
    await expect.poll(() => check('gpu-container').getAttribute('data-status'), { timeout: 30_000 }).toBe('fail');
    expect(await check('gpu-container').textContent()).toContain('sudo nvidia-ctk runtime configure --runtime=docker');
    expect(await check('nvidia-driver').getAttribute('data-status')).toBe('warn');
    expect(await check('gpu-supported').getAttribute('data-status')).toBe('pass');
    const gpu = page.getByTestId('gpu-0');
    expect(await gpu.textContent()).toContain('NVIDIA GeForce RTX 3060 Laptop GPU');
    expect(await gpu.textContent()).toContain('unknown of unknown limit');
    expect(await gpu.textContent()).toContain('52 FP16 tensor / 13.1 FP32 TFLOPS');
    expect(await page.getByText('Setup needed before this machine can host.').count()).toBe(1);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'hardware-checklist.png'), fullPage: true });
  });

  it('"Check again" detects afresh', async () => {
    await copyFile(join(FIXTURES, 'rtx-4090.json'), fixture);
    const again = page.getByRole('button', { name: 'Check again' });
    await again.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('gpu-0').textContent(), { timeout: 30_000 }).toContain('NVIDIA GeForce RTX 4090');
    expect(await check('nvidia-driver').getAttribute('data-status')).toBe('pass');
  });

  it('runs the benchmark with progress, can cancel it, and keeps a finished run in the history', async () => {
    expect(await page.getByTestId('benchmark-empty').count()).toBe(1);
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    await expect.poll(() => page.getByTestId('benchmark-progress').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'Cancel benchmark' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Run benchmark' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('benchmark-empty').count()).toBe(1);

    await page.getByRole('button', { name: 'Run benchmark' }).click();
    await expect.poll(() => page.getByTestId('benchmark-history').count(), { timeout: 120_000 }).toBe(1);
    const history = (await page.getByTestId('benchmark-history').textContent()) ?? '';
    // Disk, memory and CPU are measured; no grid runs here and Docker has no NVIDIA runtime: both say so.
    expect(history).toMatch(/Disk \d+ MB\/s .* write/);
    expect(history).toMatch(/network:.*did not answer/);
    expect(history).toMatch(/gpu:.*Docker cannot give containers the GPU/);
    await page.screenshot({ path: join(SCREENSHOTS, 'hardware-benchmark.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 150_000);
});
