import { describe, expect, it } from 'vitest';
import { notifySharingChanges, type DesktopNotifier } from '../../../../../src/main/core/sharing/sharing-notifications';
import { SharingController } from '../../../../../src/main/core/sharing/sharing-controller';
import { defaultSharingRules } from '../../../../../src/shared/sharing-settings';
import { ManualClock, RecordingLogger } from '../../../../support/core-fakes';
import { FakeActuator, FakeOwnProcesses, FakeScheduler, fakeSignals } from '../../../../support/sharing-fakes';

class FakeNotifier implements DesktopNotifier {
  shown: Array<[string, string]> = [];
  notify(title: string, body: string) {
    this.shown.push([title, body]);
  }
}

function setup() {
  const clock = new ManualClock();
  const scheduler = new FakeScheduler(clock);
  const fakes = fakeSignals();
  const actuator = new FakeActuator(clock);
  const rules = { ...defaultSharingRules(), idleMinutes: 0, resumeAfterSeconds: 5 };
  const controller = new SharingController({
    signals: fakes.signals,
    ownProcesses: new FakeOwnProcesses(),
    actuator,
    settings: () => ({ mode: 'auto', rules }),
    clock,
    logger: new RecordingLogger(),
    scheduler,
    timeZone: () => 'UTC',
  });
  const notifier = new FakeNotifier();
  let enabled = true;
  notifySharingChanges(controller, notifier, () => enabled);
  return { ...fakes, scheduler, actuator, controller, notifier, disable: () => (enabled = false) };
}

const game = { pid: 7, name: 'game.exe', kind: 'graphics' as const, usedMemoryMiB: 4000 };

describe('sharing notifications', () => {
  it('says nothing at start, then tells when the GPU is given back (with how fast) and when sharing starts again', async () => {
    const t = setup();
    t.controller.start();
    await t.scheduler.advance(0);
    expect(t.notifier.shown).toEqual([]);
    t.actuator.stopMs = 640;
    t.gpuProcesses.set([game]);
    await t.scheduler.advance(1500);
    expect(t.notifier.shown).toEqual([['GridHost gave your GPU back', 'GPU released in 640 ms: game.exe is using the GPU']]);
    t.gpuProcesses.set([]);
    await t.scheduler.advance(20_000);
    expect(t.notifier.shown.at(-1)?.[0]).toBe('GridHost is sharing your GPU');
    t.controller.close();
  });

  it('stays quiet when the owner turned notifications off', async () => {
    const t = setup();
    t.disable();
    t.controller.start();
    await t.scheduler.advance(0);
    t.gpuProcesses.set([game]);
    await t.scheduler.advance(1500);
    expect(t.actuator.calls.at(-1)).toMatchObject({ call: 'stop' });
    expect(t.notifier.shown).toEqual([]);
    t.controller.close();
  });
});
