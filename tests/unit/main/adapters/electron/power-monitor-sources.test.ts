import { describe, expect, it } from 'vitest';
import { powerMonitorBatterySource, powerMonitorIdleSource, type PowerMonitorLike } from '../../../../../src/main/adapters/electron/power-monitor-sources';

/** Electron's powerMonitor as the test sets it. */
class FakePowerMonitor implements PowerMonitorLike {
  idleSeconds = 0;
  state: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
  onBattery = false;
  readonly listeners = new Map<string, Set<() => void>>();
  getSystemIdleTime() {
    return this.idleSeconds;
  }
  getSystemIdleState() {
    return this.state;
  }
  isOnBatteryPower() {
    return this.onBattery;
  }
  on(event: string, listener: () => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
  }
  removeListener(event: string, listener: () => void) {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: string) {
    for (const l of this.listeners.get(event) ?? []) l();
  }
}

describe("Electron's powerMonitor as sharing signals", () => {
  it('reads idle time and the lock', async () => {
    const monitor = new FakePowerMonitor();
    const idle = powerMonitorIdleSource(monitor);
    monitor.idleSeconds = 754;
    monitor.state = 'idle';
    expect(await idle.read()).toEqual({ available: true, value: { idleSeconds: 754, locked: false } });
    monitor.state = 'locked';
    expect(await idle.read()).toEqual({ available: true, value: { idleSeconds: 754, locked: true } });
    monitor.state = 'unknown';
    expect(await idle.read()).toEqual({ available: false, why: 'the system does not report input idle time to Electron' });
  });

  it('reads the battery, and reports lock and power changes as they happen until unwatched', async () => {
    const monitor = new FakePowerMonitor();
    const battery = powerMonitorBatterySource(monitor);
    monitor.onBattery = true;
    expect(await battery.read()).toEqual({ available: true, value: { onBattery: true } });
    const heard: string[] = [];
    const offBattery = battery.watch?.(() => heard.push('power'));
    const offIdle = powerMonitorIdleSource(monitor).watch?.(() => heard.push('idle'));
    monitor.emit('on-ac');
    monitor.emit('lock-screen');
    offBattery?.();
    offIdle?.();
    monitor.emit('on-battery');
    monitor.emit('unlock-screen');
    expect(heard).toEqual(['power', 'idle']);
  });
});
