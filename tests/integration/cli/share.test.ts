import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { connectDashboard } from '../../support/dashboard-client';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { runGridhost, startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';

/** The host's state as its dashboard reads it. */
async function stateOf(host: HeadlessProcess): Promise<() => Promise<string>> {
  const dashboard = await connectDashboard(host.origin, host.token);
  return async () => ((await dashboard.call('host.status')).result as { state: string }).state;
}

describe('rigs resume by themselves: gridhost share (built CLI, real local grid)', () => {
  let home: string;
  let grid: LocalGrid;
  let host: HeadlessProcess | null = null;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-share-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(home, 'grid.sqlite'), feeder: false });
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: grid.url } }));
  });
  afterAll(async () => {
    await host?.stop();
    await grid?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('share status says sharing is off and why while no host runs', async () => {
    const status = await runGridhost(home, ['share', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toEqual({ mode: 'never', sharing: false, reason: expect.stringMatching(/not running/), lastRelease: null });
  });

  it('share always reaches the running host, which queues; after a restart it queues again without a click', async () => {
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    const state = await stateOf(host);
    await expect.poll(state, { timeout: 20_000, interval: 100 }).toBe('unenrolled');
    // An operator onboards this node on the grid; the page's refresh tells the host.
    const { address } = JSON.parse(await readFile(join(home, 'node-key.json'), 'utf8')) as { address: string };
    grid.transaction(() => grid.coordinator.enroll(address, enrollmentWith(passingBenchmark({ gpu: null }))));
    const dashboard = await connectDashboard(host.origin, host.token);
    expect(await dashboard.call('grid.refresh')).toMatchObject({ ok: true });
    expect(await state()).toBe('ready');

    const share = await runGridhost(home, ['share', 'always']);
    expect(share).toMatchObject({ code: 0, out: expect.stringMatching(/^Sharing: always\./) });
    await expect.poll(state, { timeout: 10_000, interval: 100 }).toBe('queued');
    expect(dashboard.events.some((e) => e.event === 'settings.changed' && (e.data as { sharing: { mode: string } }).sharing.mode === 'always')).toBe(true);
    const status = await runGridhost(home, ['share', 'status', '--json']);
    expect(JSON.parse(status.out)).toEqual({ mode: 'always', sharing: true, reason: null, lastRelease: null });

    // Stopped (or crashed): the intent is kept, and the next start joins the queue by itself.
    expect(await host.stop('SIGKILL')).toBeNull();
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    // The lines after the dashboard link may arrive in a later chunk than the link itself.
    await expect.poll(() => host.output(), { timeout: 5_000 }).toMatch(/Sharing: on\./);
    await expect.poll(await stateOf(host), { timeout: 20_000, interval: 100 }).toBe('queued');

    const pause = await runGridhost(home, ['share', 'never']);
    expect(pause.code).toBe(0);
    expect(await (await stateOf(host))()).toBe('paused');
    expect(JSON.parse(await readFile(join(home, 'settings.json'), 'utf8'))).toMatchObject({ sharing: { mode: 'never' } });
  });

  it('start --headless --share keeps the intent for any grid', async () => {
    await host?.stop();
    host = await startHeadlessProcess(['--share', '--grid', grid.url], { GRIDHOST_HOME: home });
    await expect.poll(await stateOf(host), { timeout: 20_000, interval: 100 }).toBe('queued');
    expect(JSON.parse(await readFile(join(home, 'settings.json'), 'utf8'))).toMatchObject({ sharing: { mode: 'always' } });
  });
});
