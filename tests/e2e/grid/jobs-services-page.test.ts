import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalGrid } from '../../../tools/local-grid/local-grid';
import { sampleServiceJob } from '../../../tools/local-grid/sample-job';
import { connectDashboard } from '../../support/dashboard-client';
import { ensureTestImage } from '../../support/docker-images';
import { startGridDashboard, type GridDashboard } from '../../support/grid/grid-dashboard';
import { REPO_ROOT } from '../../support/headless-process';
import { chromiumPath, dockerAvailable } from '../../support/requirements';

const executablePath = chromiumPath();
const hasDocker = executablePath ? await dockerAvailable() : false;
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

describe.skipIf(!executablePath || !hasDocker)('the Jobs page lists a running service job\'s service, in Chromium, with real Docker and the local grid', () => {
  let grid: LocalGrid;
  let page: Page;
  let errors: string[] = [];
  let image: string;
  let dashboard: GridDashboard | null = null;

  beforeAll(async () => {
    image = await ensureTestImage();
    // Always: the host queues as soon as it is onboarded. The port proxy runs busybox: the local test image.
    dashboard = await startGridDashboard({
      executablePath: executablePath!,
      grid: { feeder: false },
      sharing: 'always',
      env: { GRIDHOST_PORT_PROXY_IMAGE: image },
      hash: '#/jobs',
      viewport: { width: 1280, height: 1000 },
    });
    ({ grid, page, errors } = dashboard);
    const api = await connectDashboard(dashboard.host.origin, dashboard.host.token);
    try {
      const enrolled = await api.call('grid.enroll', { acceptTerms: true, termsVersion: '2026-01' });
      expect(enrolled).toMatchObject({ ok: true, result: { enrollment: { status: 'onboarded', market: 'cpu-dev' } } });
    } finally {
      api.close();
    }
  }, 90_000);

  afterAll(() => dashboard?.close());

  it('shows the service up once its health check passes, and counts each request the grid relays to it', async () => {
    const { job, service } = grid.postJob({ market: 'cpu-dev', definition: sampleServiceJob({ image, durationSeconds: 120, gpu: false }) });
    const row = page.getByTestId('job-services').locator('tbody tr');
    const cells = async () => (await row.first().locator('td').allInnerTexts()).map((t) => t.trim());

    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByRole('region', { name: 'Running now' }).textContent()).toContain(job.id);
    // Health in words, not only a colour; the job's `type: api` in the owner's words.
    await expect.poll(cells, { timeout: 30_000 }).toEqual(['8080', 'API', 'Up: reachable through the grid', '0']);
    // No finished job yet: the history says the running one joins it, not to go and enroll.
    expect(await page.getByTestId('jobs-empty').textContent()).toMatch(/^The job running now is listed here when it ends/);

    const completion = await fetch(new URL(`${service.path}cgi-bin/complete.sh`, grid.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'What is a GPU grid?' }),
    });
    expect(completion.status).toBe(200);
    // A request refused at the grid (no token) never reaches the host: it is not counted.
    expect((await fetch(new URL(`${service.path}health`, grid.url))).status).toBe(401);
    await expect.poll(async () => (await cells())[3], { timeout: 10_000 }).toBe('1');

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'jobs-services.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
