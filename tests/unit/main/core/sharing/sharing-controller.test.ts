import { describe, expect, it } from 'vitest';
import { signalUnavailable } from '../../../../../src/main/core/sharing/ports';
import { SharingController } from '../../../../../src/main/core/sharing/sharing-controller';
import { defaultSharingRules, type SharingMode, type SharingRules } from '../../../../../src/shared/sharing-settings';
import { ManualClock, RecordingLogger } from '../../../../support/core-fakes';
import { FakeActuator, FakeOwnProcesses, FakeScheduler, fakeSignals } from '../../../../support/sharing-fakes';

function setup(rules: Partial<SharingRules> = {}, mode: SharingMode = 'auto') {
  const clock = new ManualClock();
  const scheduler = new FakeScheduler(clock);
  const fakes = fakeSignals();
  const own = new FakeOwnProcesses();
  const actuator = new FakeActuator(clock);
  const logger = new RecordingLogger();
  const settings = { mode, rules: { ...defaultSharingRules(), idleMinutes: 10, ...rules } };
  const controller = new SharingController({
    signals: fakes.signals,
    ownProcesses: own,
    actuator,
    settings: () => settings,
    clock,
    logger,
    scheduler,
    timeZone: () => 'UTC',
  });
  return { clock, scheduler, ...fakes, own, actuator, logger, settings, controller };
}

const game = { pid: 4242, name: '/home/owner/.steam/steamapps/common/Game/game.x86_64', kind: 'graphics' as const, usedMemoryMiB: 4000 };

describe('SharingController', () => {
  it('starts sharing when the rules allow and polls every 1.5 s while sharing', async () => {
    const t = setup();
    t.controller.start();
    await t.scheduler.advance(0);
    expect(t.actuator.calls).toEqual([{ call: 'start' }]);
    expect(t.controller.status()).toEqual({ mode: 'auto', sharing: true, reason: 'Sharing: idle for 60 min', lastRelease: null });
    const before = t.gpuProcesses.reads;
    await t.scheduler.advance(15_000);
    expect(t.gpuProcesses.reads - before).toBe(10);
    t.controller.close();
    expect(t.scheduler.pending).toBe(0);
  });

  it('gives the GPU back with the Auto grace when a game appears, and measures the release', async () => {
    const t = setup();
    t.controller.start();
    await t.scheduler.advance(0);
    t.actuator.stopMs = 640;
    t.gpuProcesses.set([game]);
    await t.scheduler.advance(1500);
    expect(t.actuator.calls.at(-1)).toEqual({ call: 'stop', reason: 'Paused: game.x86_64 is using the GPU', graceMs: 1000 });
    const status = t.controller.status();
    expect(status).toMatchObject({ sharing: false, reason: 'Paused: game.x86_64 is using the GPU' });
    expect(status.lastRelease).toEqual({ ms: 640, at: new Date(t.clock.now()).toISOString(), cause: 'game.x86_64 is using the GPU' });
    expect(t.logger.records.find((r) => r.msg === 'GPU released')?.fields).toMatchObject({ ms: 640, rule: 'gpu-in-use' });
  });

  it('counts the release from the reading that saw the game, including a slow reading', async () => {
    const t = setup();
    t.controller.start();
    await t.scheduler.advance(0);
    t.gpuProcesses.set([game]);
    // The nvidia-smi reading takes 300 ms of the clock; the stop 200 ms more.
    const slowRead = t.gpuProcesses.read.bind(t.gpuProcesses);
    t.gpuProcesses.read = async () => {
      t.clock.t += 300;
      return slowRead();
    };
    t.actuator.stopMs = 200;
    await t.scheduler.advance(1500);
    expect(t.controller.recentPauses()[0]?.ms).toBe(500);
  });

  it('polls at once when a source hears a change, and stops at once when the owner returns', async () => {
    const t = setup();
    t.controller.start();
    await t.scheduler.advance(0);
    t.idle.change({ idleSeconds: 0, locked: false });
    await t.scheduler.advance(0);
    expect(t.actuator.calls.at(-1)).toMatchObject({ call: 'stop', reason: "Paused: you're using the computer" });
  });

  it('does not start and stop jobs over and over while a signal flaps', async () => {
    const t = setup({ resumeAfterSeconds: 60 });
    t.controller.start();
    await t.scheduler.advance(0);
    for (let i = 0; i < 40; i++) {
      t.gpuProcesses.set(i % 2 === 0 ? [game] : []);
      await t.scheduler.advance(3000);
    }
    expect(t.actuator.starts).toBe(1);
    expect(t.actuator.stops).toBe(1);
    t.gpuProcesses.set([]);
    // The game has gone for good: after a minute without it, and ten more idle minutes, sharing resumes.
    await t.scheduler.advance(9 * 60_000);
    expect(t.actuator.starts).toBe(1);
    await t.scheduler.advance(2 * 60_000);
    expect(t.actuator.starts).toBe(2);
  });

  it('polls every 5 s while paused', async () => {
    const t = setup();
    t.idle.set({ idleSeconds: 0, locked: false });
    t.controller.start();
    await t.scheduler.advance(0);
    const before = t.idle.reads;
    await t.scheduler.advance(20_000);
    expect(t.idle.reads - before).toBe(4);
    expect(t.actuator.calls).toEqual([]);
  });

  it('applies a change of mode at the next reading; Never uses the containers own grace', async () => {
    const t = setup();
    t.controller.start();
    await t.scheduler.advance(0);
    t.settings.mode = 'never';
    await t.controller.poll();
    expect(t.actuator.calls.at(-1)).toEqual({ call: 'stop', reason: 'Paused: sharing is set to Never', graceMs: null });
    t.settings.mode = 'always';
    t.power.set({ onBattery: true });
    await t.controller.poll();
    expect(t.actuator.calls.at(-1)).toEqual({ call: 'start' });
    expect(t.controller.status()).toMatchObject({ mode: 'always', sharing: true, reason: 'Sharing: always on' });
  });

  it('tries the stop again at the next reading when it failed', async () => {
    const t = setup();
    t.controller.start();
    await t.scheduler.advance(0);
    t.actuator.failStops = true;
    t.power.set({ onBattery: true });
    await t.controller.poll();
    expect(t.controller.status().sharing).toBe(true);
    t.actuator.failStops = false;
    await t.controller.poll();
    expect(t.actuator.stops).toBe(2);
    expect(t.controller.status()).toMatchObject({ sharing: false, reason: 'Paused: on battery' });
  });

  it('says which signals are unavailable and why, and logs it once', async () => {
    const t = setup();
    t.fullscreen.fail('no X11 display ($DISPLAY is not set)');
    t.controller.start();
    await t.scheduler.advance(4000);
    const decision = t.controller.current();
    expect(decision?.share).toBe(true);
    expect(decision?.signals).toContainEqual({ kind: 'fullscreen', source: 'fullscreen:fake', available: false, detail: 'no X11 display ($DISPLAY is not set)' });
    expect(t.logger.records.filter((r) => r.msg === 'sharing signal unavailable')).toHaveLength(1);
  });

  it('keeps a source last value through a short failure, so a hiccup does not start a job', async () => {
    const t = setup();
    t.idle.set({ idleSeconds: 0, locked: false });
    t.controller.start();
    await t.scheduler.advance(0);
    t.idle.fail('org.freedesktop.DBus.Error.NoReply');
    await t.scheduler.advance(10_000);
    expect(t.actuator.starts).toBe(0);
    // Long gone: the signal is unavailable and no longer holds sharing back.
    await t.scheduler.advance(10_000);
    expect(t.actuator.starts).toBe(1);
  });

  it('treats a source that does not answer in time as unavailable for that reading', async () => {
    const t = setup();
    t.gpuTemperature.read = () => new Promise(() => undefined);
    t.controller.start();
    await t.scheduler.advance(3000);
    expect(t.controller.current()?.signals).toContainEqual({ kind: 'gpuTemperature', source: 'temperature:fake', available: false, detail: 'temperature:fake did not answer within 3 s' });
  });

  it("reports when our job's processes cannot be listed", async () => {
    const t = setup();
    t.own.reading = signalUnavailable('the container engine did not answer');
    t.controller.start();
    await t.scheduler.advance(0);
    expect(t.controller.current()?.signals).toContainEqual({
      kind: 'gpuProcesses',
      source: 'own-processes',
      available: false,
      detail: "cannot tell our job's processes from the owner's: the container engine did not answer",
    });
  });

  it('keeps the latest pauses first, at most 20', async () => {
    const t = setup({ resumeAfterSeconds: 5, idleMinutes: 0 });
    t.controller.start();
    for (let i = 0; i < 25; i++) {
      t.power.set({ onBattery: false });
      await t.scheduler.advance(10_000);
      t.power.set({ onBattery: true });
      await t.scheduler.advance(1500);
    }
    const pauses = t.controller.recentPauses();
    expect(pauses).toHaveLength(20);
    expect(pauses.every((p) => p.cause === 'on battery')).toBe(true);
    expect(Date.parse(pauses[0]!.at)).toBeGreaterThan(Date.parse(pauses[1]!.at));
  });
});
