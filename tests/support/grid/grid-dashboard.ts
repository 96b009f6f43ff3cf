import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startLocalGrid, type LocalGrid, type LocalGridOptions } from '../../../tools/local-grid/local-grid';
import { launchChromium, openPage } from '../browser';
import { startHeadlessProcess, type HeadlessProcess } from '../headless-process';
import { benchmarkHistoryWithoutGpu } from './benchmark-fixtures';

/** What a Chromium test of the grid's pages stands on: the local grid, a headless host using it, a page on its dashboard. */
export interface GridDashboard {
  /** The host's data folder (the grid's database lies in it too). */
  home: string;
  grid: LocalGrid;
  host: HeadlessProcess;
  page: Page;
  /** The page's uncaught and console errors. */
  errors: string[];
  /** Closes the browser, stops the host and the grid, removes the folder. */
  close(): Promise<void>;
}

export interface GridDashboardOptions {
  executablePath: string;
  /** The local grid's options besides its port and database. */
  grid: Omit<LocalGridOptions, 'port' | 'dbPath'>;
  /** The host's sharing mode: `never` until the owner starts it, or `always` to queue once onboarded. */
  sharing: 'never' | 'always';
  /** Environment of the host process besides GRIDHOST_HOME. */
  env?: NodeJS.ProcessEnv;
  /** The dashboard's page to open, e.g. `#/jobs`. */
  hash: string;
  viewport: { width: number; height: number };
}

/**
 * Starts the local grid, then `gridhost start --headless` on it with a finished benchmark in its history (as the
 * Hardware page leaves it, for enrollment), then Chromium on one of its pages. What started is closed again if a
 * later part fails.
 */
export async function startGridDashboard(options: GridDashboardOptions): Promise<GridDashboard> {
  const home = await mkdtemp(join(tmpdir(), 'gridhost-grid-e2e-'));
  let grid: LocalGrid | null = null;
  let host: HeadlessProcess | null = null;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await host?.stop();
    await grid?.close();
    await rm(home, { recursive: true, force: true });
  };
  try {
    grid = await startLocalGrid({ ...options.grid, port: 0, dbPath: join(home, 'grid.sqlite') });
    // Container limits this 2-core test machine can grant (the defaults ask for 4 CPUs).
    const settings = { grid: { url: grid.url }, containers: { cpus: 1, memoryMiB: 1024 }, sharing: { mode: options.sharing } };
    await writeFile(join(home, 'settings.json'), JSON.stringify(settings));
    await writeFile(join(home, 'benchmarks.json'), benchmarkHistoryWithoutGpu(grid.url));
    host = await startHeadlessProcess([], { ...options.env, GRIDHOST_HOME: home });
    browser = await launchChromium(options.executablePath);
    const { page, errors } = await openPage(browser, `${host.dashboardUrl}${options.hash}`, options.viewport);
    return { home, grid, host, page, errors, close };
  } catch (err) {
    await close();
    throw err;
  }
}
