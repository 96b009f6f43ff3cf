import { describe, expect, it } from 'vitest';
import { hostSharingActuator, type SharingHost } from '../../../../../src/main/core/sharing/host-sharing-actuator';
import { SharingController } from '../../../../../src/main/core/sharing/sharing-controller';
import { SharingService } from '../../../../../src/main/core/sharing/sharing-service';
import type { SharingStatus } from '../../../../../src/shared/contract/sharing';
import { effectiveSharingMode } from '../../../../../src/shared/settings';
import { createTestHost } from '../../../../support/core-fakes';
import { testJob as job, until } from '../../../../support/host-fakes';
import { FakeOwnProcesses, FakeScheduler, fakeSignals } from '../../../../support/sharing-fakes';

const game = { pid: 4242, name: 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe', kind: 'compute+graphics' as const, usedMemoryMiB: 6000 };

describe('the sharing actuator over the host loop', () => {
  it('maps start to resumeSharing and stop to release with the grace (null: the containers\' setting)', async () => {
    const calls: unknown[] = [];
    const host: SharingHost = {
      resumeSharing: () => calls.push('resume'),
      release: (reason, graceMs) => {
        calls.push({ reason, graceMs });
        return { released: Promise.resolve() };
      },
    };
    const actuator = hostSharingActuator(host);
    actuator.startSharing();
    await actuator.stopSharing('Paused: on battery', 1000);
    await actuator.stopSharing('Paused: sharing is set to Never', null);
    expect(calls).toEqual(['resume', { reason: 'Paused: on battery', graceMs: 1000 }, { reason: 'Paused: sharing is set to Never', graceMs: undefined }]);
  });
});

/** A real host loop (fake grid and runner) under a real controller and service, with fake signals and clock. */
async function autoHost() {
  const built = createTestHost();
  const { host, settings, events, logger, clock, enrollment } = built;
  await settings.update({ sharing: { mode: 'auto', idleMinutes: 0, resumeAfterSeconds: 5 } });
  const scheduler = new FakeScheduler(clock);
  const fakes = fakeSignals();
  const controller = new SharingController({
    signals: fakes.signals,
    ownProcesses: new FakeOwnProcesses(),
    actuator: hostSharingActuator(host),
    settings: () => ({ mode: effectiveSharingMode(settings.get().sharing, 'desktop'), rules: settings.get().sharing }),
    clock,
    logger,
    scheduler,
    timeZone: () => 'UTC',
  });
  const service = new SharingService({ controller, writeMode: async (mode) => void (await settings.update({ sharing: { mode } })), events, logger });
  const published: SharingStatus[] = [];
  events.on('sharing.changed', (s) => published.push(s));
  enrollment.onboard();
  await host.start();
  expect(host.getStatus().state).toBe('ready');
  service.start();
  await scheduler.advance(0);
  await until(() => host.getStatus().state === 'queued', 'queued by the controller');
  return { ...built, ...fakes, scheduler, controller, service, published };
}

describe('sharing wired to the host loop', () => {
  it('Auto: a game on the GPU quits the job, stops its container with the 1 s grace, pauses with the reason, and keeps the mode', async () => {
    const t = await autoHost();
    const { run } = t.gridClient.post(job());
    await until(() => t.runner.started.length === 1, 'the op to start');

    t.gpuProcesses.set([game]);
    await t.scheduler.advance(1500);
    await until(() => t.host.getStatus().state === 'paused', 'paused');

    expect(t.runner.graces).toEqual([1000]);
    expect(t.host.getStatus().reason).toBe('Paused: Cyberpunk2077.exe is using the GPU');
    expect(t.gridClient.calls).toContain(`quit:${run.id}:Paused: Cyberpunk2077.exe is using the GPU`);
    expect(t.settings.get().sharing.mode).toBe('auto');
    const status = t.service.status();
    expect(status).toMatchObject({ mode: 'auto', sharing: false, reason: 'Paused: Cyberpunk2077.exe is using the GPU' });
    expect(status.lastRelease).toMatchObject({ cause: 'Cyberpunk2077.exe is using the GPU' });
    expect(status.recentPauses).toHaveLength(1);
    expect(status.signals.map((s) => s.name)).toContain('gpu:fake');
    expect(t.published.at(-1)?.lastRelease?.cause).toBe('Cyberpunk2077.exe is using the GPU');

    // The game ends: after the resume wait the controller shares again, through preflight back to the queue.
    t.gpuProcesses.set([]);
    await t.scheduler.advance(15_000);
    await until(() => t.host.getStatus().state === 'queued', 'queued again');
    expect(t.service.status()).toMatchObject({ sharing: true });
    t.controller.close();
    await t.host.stop();
  });

  it('sharing.mode.set never stops the job with the containers\' own grace; always shares whatever the rules say', async () => {
    const t = await autoHost();
    t.gridClient.post(job());
    await until(() => t.runner.started.length === 1, 'the op to start');

    const never = await t.service.setMode('never');
    await until(() => t.host.getStatus().state === 'paused', 'paused');
    expect(never).toMatchObject({ mode: 'never', sharing: false, reason: 'Paused: sharing is set to Never' });
    expect(t.runner.graces).toEqual([undefined]);
    expect(t.settings.get().sharing.mode).toBe('never');

    t.power.set({ onBattery: true });
    const always = await t.service.setMode('always');
    expect(always).toMatchObject({ mode: 'always', sharing: true });
    await until(() => t.host.getStatus().state === 'queued', 'queued on battery, as Always says');
    t.controller.close();
    await t.host.stop();
  });
});
