import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIdOf } from '../../../src/main/core/containers/container-names';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { connectDashboard } from '../../support/dashboard-client';
import { ensureTestImage } from '../../support/docker-images';
import { FakeGpuState } from '../../support/fake-nvidia-smi';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { runGridhost, startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { dockerAvailable } from '../../support/requirements';

const docker = promisify(execFile);
const hasDocker = (await dockerAvailable()) || process.env.GRIDHOST_REQUIRE_DOCKER === '1';

/** Detection (a poll every 1.5 s, p95 under 2.5 s) plus the release of a container that ignores SIGTERM (1 s grace, p95 under 1.5 s). */
const TARGET_MS = 4_000;

describe.skipIf(!hasDocker)('Auto sharing, headless, end to end: a game on the GPU takes it back from a job (real Docker, local grid, built CLI)', () => {
  let home: string;
  let grid: LocalGrid;
  let host: HeadlessProcess | null = null;
  const gpu = new FakeGpuState();

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-auto-'));
    const image = await ensureTestImage();
    // Jobs long enough to be running when the game starts; the sample job's shell is PID 1 and ignores SIGTERM.
    grid = await startLocalGrid({ port: 0, dbPath: join(home, 'grid.sqlite'), feeder: { intervalMs: 200, image, durationSeconds: 600 } });
  });
  afterAll(async () => {
    await host?.stop();
    await grid?.close();
    gpu.remove();
    await rm(home, { recursive: true, force: true });
  });

  /** Our host's job containers running now. */
  async function jobContainers(): Promise<string[]> {
    const { stdout } = await docker('docker', ['ps', '-q', '--filter', `label=gridhost.host=${hostIdOf(home)}`, '--filter', 'label=gridhost.job']);
    return stdout.split('\n').filter(Boolean);
  }

  async function shareStatus(): Promise<{ mode: string; sharing: boolean; reason: string; lastRelease: { ms: number; at: string; cause: string } | null }> {
    const { code, out, err } = await runGridhost(home, ['share', 'status', '--json']);
    expect(code, err).toBe(0);
    return JSON.parse(out);
  }

  it('stops the job within the target when a game appears, names it, and shares again once it is gone', async () => {
    const settings = { grid: { url: grid.url }, sharing: { mode: 'auto', idleMinutes: 0, resumeAfterSeconds: 5 } };
    host = await startHeadlessProcess([], { GRIDHOST_HOME: home, ...gpu.env('rtx-3060') }, settings);
    const dashboard = await connectDashboard(host.origin, host.token);
    const state = async () => ((await dashboard.call('host.status')).result as { state: string }).state;
    await expect.poll(state, { timeout: 20_000, interval: 100 }).toBe('unenrolled');
    const { address } = JSON.parse(await readFile(join(home, 'node-key.json'), 'utf8')) as { address: string };
    grid.transaction(() => grid.coordinator.enroll(address, enrollmentWith(passingBenchmark({ gpu: null }))));
    expect(await dashboard.call('grid.refresh')).toMatchObject({ ok: true });

    // Auto, nobody at the machine (a headless rig has no idle signal: it does not hold sharing back): a job runs.
    await expect.poll(state, { timeout: 60_000, interval: 200 }).toBe('running');
    await expect.poll(jobContainers, { timeout: 60_000, interval: 200 }).toHaveLength(1);
    expect(await shareStatus()).toMatchObject({ mode: 'auto', sharing: true });

    gpu.setProcesses([{ pid: 999_999, type: 'C+G', process_name: '/opt/games/Cyberpunk2077.exe', used_memory: 6000 }]);
    const gameAt = Date.now();
    await expect.poll(jobContainers, { timeout: 20_000, interval: 50 }).toHaveLength(0);
    const goneMs = Date.now() - gameAt;
    expect(goneMs).toBeLessThan(TARGET_MS);

    await expect.poll(state, { timeout: 10_000, interval: 100 }).toBe('paused');
    const paused = await shareStatus();
    expect(paused).toMatchObject({ mode: 'auto', sharing: false, reason: 'Paused: Cyberpunk2077.exe is using the GPU' });
    expect(paused.lastRelease).toMatchObject({ cause: 'Cyberpunk2077.exe is using the GPU' });
    expect(paused.lastRelease!.ms).toBeLessThan(TARGET_MS);
    expect(Object.keys(paused)).toEqual(['mode', 'sharing', 'reason', 'lastRelease']);
    // The run was quit with the grid (paid for the seconds run), and the mode is still Auto.
    expect((await runGridhost(home, ['share', 'status'])).out).toMatch(/GPU released in \d+ ms: Cyberpunk2077\.exe is using the GPU/);
    expect(JSON.parse(await readFile(join(home, 'settings.json'), 'utf8'))).toMatchObject({ sharing: { mode: 'auto' } });

    // The game ends: after the resume wait (5 s here) and the idle time (0 min here) it shares again.
    gpu.setProcesses([]);
    await expect.poll(async () => (await shareStatus()).sharing, { timeout: 30_000, interval: 250 }).toBe(true);
    await expect.poll(state, { timeout: 30_000, interval: 200 }).toMatch(/^(queued|running)$/);
    const events = () => dashboard.events.filter((e) => e.event === 'sharing.changed').map((e) => (e.data as { sharing: boolean }).sharing);
    expect(events()).toContain(false);
    // The page hears it too (the event may trail the request that already says so).
    await expect.poll(() => events().at(-1), { timeout: 10_000, interval: 100 }).toBe(true);
    console.log(`game on the GPU -> job container gone: ${goneMs} ms (host's own measure: ${paused.lastRelease!.ms} ms)`);
  }, 180_000);
});
