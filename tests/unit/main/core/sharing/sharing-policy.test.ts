import { describe, expect, it } from 'vitest';
import { signalUnavailable, signalValue, type GpuProcess } from '../../../../../src/main/core/sharing/ports';
import { SharingPolicy, type PolicyInput } from '../../../../../src/main/core/sharing/sharing-policy';
import type { Readings } from '../../../../../src/main/core/sharing/signal-reader';
import { defaultSharingRules, type SharingRules } from '../../../../../src/shared/sharing-settings';

const T0 = Date.parse('2026-11-25T10:00:00.000Z'); // a Wednesday

/** Readings of an owner away for an hour from a cool, plugged-in machine with nothing else on the GPU. */
function away(at = T0, over: Partial<Readings> = {}): Readings {
  return {
    observedAt: at,
    idle: signalValue({ idleSeconds: 3600, locked: false }),
    fullscreen: signalValue({ active: false, program: null }),
    gpuProcesses: signalValue([]),
    power: signalValue({ onBattery: false }),
    gpuTemperature: signalValue({ celsius: 50 }),
    programs: signalValue(['bash']),
    ownPids: signalValue(new Set<number>()),
    ...over,
  };
}

function input(readings: Readings, rules: Partial<SharingRules> = {}, mode: PolicyInput['mode'] = 'auto'): PolicyInput {
  return { mode, rules: { ...defaultSharingRules(), ...rules }, readings, signals: [], timeZone: 'Europe/Berlin' };
}

const game: GpuProcess = { pid: 4242, name: 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe', kind: 'graphics', usedMemoryMiB: 6144 };

describe('SharingPolicy: modes', () => {
  it('Never pauses and Always shares whatever the rules say', () => {
    const onBattery = away(T0, { power: signalValue({ onBattery: true }) });
    expect(new SharingPolicy().decide(input(onBattery, {}, 'never'))).toMatchObject({ share: false, cause: 'mode-never', reason: 'Paused: sharing is set to Never' });
    expect(new SharingPolicy().decide(input(onBattery, {}, 'always'))).toMatchObject({ share: true, cause: 'mode-always' });
  });

  it('Auto shares when the owner has been idle long enough, and says for how long', () => {
    const decision = new SharingPolicy().decide(input(away(T0, { idle: signalValue({ idleSeconds: 12 * 60 + 30, locked: false }) })));
    expect(decision).toMatchObject({ share: true, cause: 'idle', reason: 'Sharing: idle for 12 min', blockers: [] });
  });
});

describe('SharingPolicy: each rule', () => {
  it('pauses on battery unless the owner allows it', () => {
    const onBattery = away(T0, { power: signalValue({ onBattery: true }) });
    expect(new SharingPolicy().decide(input(onBattery))).toMatchObject({ share: false, cause: 'battery', reason: 'Paused: on battery' });
    expect(new SharingPolicy().decide(input(onBattery, { shareOnBattery: true })).share).toBe(true);
  });

  it('pauses at the temperature cap and resumes only 5 °C below it', () => {
    const policy = new SharingPolicy();
    const at = (celsius: number, t: number) => policy.decide(input(away(t, { gpuTemperature: signalValue({ celsius }) }), { maxGpuTemperatureC: 83, resumeAfterSeconds: 5, idleMinutes: 0 }));
    expect(at(82, T0).share).toBe(true);
    expect(at(83, T0 + 1000)).toMatchObject({ share: false, cause: 'temperature', reason: 'Paused: GPU at 83 °C (limit 83 °C)' });
    expect(at(80, T0 + 60_000).cause).toBe('temperature');
    expect(at(79, T0 + 120_000).cause).toBe('temperature');
    expect(at(78, T0 + 121_000).cause).toBe('resume-wait');
    expect(at(78, T0 + 126_000).share).toBe(true);
  });

  it('pauses while a blocked program runs, however the system spells its name', () => {
    const policy = new SharingPolicy();
    const running = (names: string[]) => policy.decide(input(away(T0, { programs: signalValue(names) }), { blockedPrograms: ['Cyberpunk2077.exe', 'steam'] }));
    expect(running(['bash', 'steam'])).toMatchObject({ share: false, cause: 'blocked-program', reason: 'Paused: steam is running' });
    // Linux's /proc/<pid>/comm keeps 15 characters.
    expect(running(['Cyberpunk2077.e']).reason).toBe('Paused: Cyberpunk2077.e is running');
    expect(running(['STEAM.EXE']).cause).toBe('blocked-program');
    expect(new SharingPolicy().decide(input(away(T0, { programs: signalValue(['steamwebhelper']) }), { blockedPrograms: ['steam'] })).share).toBe(true);
  });

  it('pauses for a fullscreen program, named when the source can', () => {
    expect(new SharingPolicy().decide(input(away(T0, { fullscreen: signalValue({ active: true, program: 'mpv' }) })))).toMatchObject({ cause: 'fullscreen', reason: 'Paused: mpv is fullscreen' });
    expect(new SharingPolicy().decide(input(away(T0, { fullscreen: signalValue({ active: true, program: null }) }))).reason).toBe('Paused: a fullscreen program is open');
    expect(new SharingPolicy().decide(input(away(T0, { fullscreen: signalValue({ active: true, program: null, game: true }) }))).reason).toBe('Paused: a game is running');
  });

  it('pauses for another program on the GPU, by its file name', () => {
    const decision = new SharingPolicy().decide(input(away(T0, { gpuProcesses: signalValue([game]) })));
    expect(decision).toMatchObject({ share: false, cause: 'gpu-in-use', reason: 'Paused: Cyberpunk2077.exe is using the GPU' });
  });

  it("does not count our own job's processes, the desktop shell, or a small graphics surface", () => {
    const job: GpuProcess = { pid: 777, name: '/usr/bin/python3', kind: 'compute', usedMemoryMiB: 20_000 };
    const shell: GpuProcess = { pid: 10, name: '/usr/lib/xorg/Xorg', kind: 'graphics', usedMemoryMiB: 900 };
    const browser: GpuProcess = { pid: 11, name: '/opt/google/chrome/chrome', kind: 'graphics', usedMemoryMiB: 120 };
    const wddm: GpuProcess = { pid: 12, name: 'C:\\Program Files\\App\\app.exe', kind: 'graphics', usedMemoryMiB: null };
    const readings = away(T0, { gpuProcesses: signalValue([job, shell, browser, wddm]), ownPids: signalValue(new Set([777])) });
    expect(new SharingPolicy().decide(input(readings)).share).toBe(true);
    // Any compute process that is not ours counts, whatever its memory.
    const other = away(T0, { gpuProcesses: signalValue([{ ...job, pid: 778, usedMemoryMiB: 3 }]), ownPids: signalValue(new Set([777])) });
    expect(new SharingPolicy().decide(input(other)).reason).toBe('Paused: python3 is using the GPU');
  });

  it("skips the GPU rule when our containers' processes cannot be told apart", () => {
    const readings = away(T0, { gpuProcesses: signalValue([game]), ownPids: signalUnavailable('the container engine did not answer') });
    expect(new SharingPolicy().decide(input(readings)).share).toBe(true);
  });

  it('follows the weekly schedule in local time', () => {
    const slots = [{ days: [3], start: '09:00', end: '12:00' }];
    // 10:00 UTC is 11:00 in Berlin in November: inside; 11:30 UTC is 12:30: outside.
    expect(new SharingPolicy().decide(input(away(T0), { schedule: { enabled: true, slots } })).share).toBe(true);
    expect(new SharingPolicy().decide(input(away(T0 + 90 * 60_000), { schedule: { enabled: true, slots } }))).toMatchObject({ share: false, cause: 'schedule', reason: 'Paused: outside your schedule' });
    expect(new SharingPolicy().decide(input(away(T0 + 90 * 60_000), { schedule: { enabled: false, slots } })).share).toBe(true);
  });
});

describe('SharingPolicy: idle and hysteresis', () => {
  it('waits for the idle minutes, then starts; input returning stops at once', () => {
    const policy = new SharingPolicy();
    const idle = (idleSeconds: number, t: number) => policy.decide(input(away(t, { idle: signalValue({ idleSeconds, locked: false }) }), { idleMinutes: 10 }));
    expect(idle(5, T0)).toMatchObject({ share: false, cause: 'owner-active', reason: "Paused: you're using the computer" });
    expect(idle(3 * 60, T0)).toMatchObject({ share: false, reason: 'Paused: idle for 3 min, sharing starts at 10 min' });
    expect(idle(10 * 60, T0).share).toBe(true);
    expect(idle(0, T0 + 1000)).toMatchObject({ share: false, cause: 'owner-active' });
  });

  it('treats a locked screen as the owner away', () => {
    expect(new SharingPolicy().decide(input(away(T0, { idle: signalValue({ idleSeconds: 2, locked: true }) })))).toMatchObject({ share: true, cause: 'locked', reason: 'Sharing: screen locked' });
  });

  it('restarts the idle time when a rule clears: a gamepad game leaves the input idle', () => {
    const policy = new SharingPolicy();
    const step = (t: number, processes: GpuProcess[]) => policy.decide(input(away(t, { gpuProcesses: signalValue(processes) }), { idleMinutes: 10, resumeAfterSeconds: 60 }));
    expect(step(T0, [game]).cause).toBe('gpu-in-use');
    // The game ends; input has been idle an hour (gamepad), but sharing waits for 10 idle minutes from now.
    expect(step(T0 + 30_000, [])).toMatchObject({ share: false, cause: 'resume-wait', reason: 'Paused: sharing again in 30 s (was: Cyberpunk2077.exe is using the GPU)' });
    expect(step(T0 + 5 * 60_000, [])).toMatchObject({ share: false, cause: 'owner-active' });
    expect(step(T0 + 10 * 60_000, [])).toMatchObject({ share: true, reason: 'Sharing: idle for 10 min' });
  });

  it('without an idle signal, waits only the resume time after a rule clears', () => {
    const policy = new SharingPolicy();
    const noIdle = { idle: signalUnavailable('no D-Bus session') } as const;
    const step = (t: number, onBattery: boolean) => policy.decide(input(away(t, { ...noIdle, power: signalValue({ onBattery }) }), { resumeAfterSeconds: 60 }));
    expect(step(T0, false)).toMatchObject({ share: true, cause: 'rules-allow', reason: 'Sharing: no rule is pausing it' });
    expect(step(T0 + 1000, true).cause).toBe('battery');
    expect(step(T0 + 30_000, false).cause).toBe('resume-wait');
    expect(step(T0 + 61_000, false).share).toBe(true);
  });

  it('never starts while a signal flaps every few seconds', () => {
    const policy = new SharingPolicy();
    const decisions: boolean[] = [];
    for (let i = 0; i < 100; i++) {
      const onGpu = i % 3 === 0 ? [game] : [];
      decisions.push(policy.decide(input(away(T0 + i * 2000, { gpuProcesses: signalValue(onGpu) }), { resumeAfterSeconds: 60 })).share);
    }
    expect(decisions.filter(Boolean)).toHaveLength(0);
  });
});

describe('SharingPolicy: conflicting and missing signals', () => {
  it('lists every rule that says stop, the most important first', () => {
    const readings = away(T0, { power: signalValue({ onBattery: true }), gpuProcesses: signalValue([game]), fullscreen: signalValue({ active: true, program: null }) });
    expect(new SharingPolicy().decide(input(readings))).toMatchObject({ cause: 'battery', blockers: ['battery', 'fullscreen', 'gpu-in-use'] });
  });

  it('lets one stop outweigh any number of go-aheads: idle an hour, screen locked, yet a game is on the GPU', () => {
    const readings = away(T0, { idle: signalValue({ idleSeconds: 3600, locked: true }), gpuProcesses: signalValue([game]) });
    expect(new SharingPolicy().decide(input(readings)).cause).toBe('gpu-in-use');
  });

  it('does not let a signal this machine lacks hold sharing back', () => {
    const none = signalUnavailable('no source');
    const readings: Readings = { observedAt: T0, idle: none, fullscreen: none, gpuProcesses: none, power: none, gpuTemperature: none, programs: none, ownPids: none };
    expect(new SharingPolicy().decide(input(readings, { schedule: { enabled: false, slots: [] } }))).toMatchObject({ share: true, cause: 'rules-allow' });
  });
});
