import { signalUnavailable, signalValue, type InputIdle, type PowerState, type SignalSource } from '../../core/sharing/ports';

/** The part of Electron's `powerMonitor` the sharing signals use; the shell passes Electron's own. */
export interface PowerMonitorLike {
  getSystemIdleTime(): number;
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown';
  isOnBatteryPower(): boolean;
  on(event: PowerMonitorEvent, listener: () => void): unknown;
  removeListener(event: PowerMonitorEvent, listener: () => void): unknown;
}

type PowerMonitorEvent = 'lock-screen' | 'unlock-screen' | 'on-ac' | 'on-battery' | 'resume' | 'user-did-become-active';

function watch(monitor: PowerMonitorLike, events: PowerMonitorEvent[], onChange: () => void): () => void {
  for (const event of events) monitor.on(event, onChange);
  return () => {
    for (const event of events) monitor.removeListener(event, onChange);
  };
}

/**
 * Input idle time and screen lock from Electron (the desktop app). The lock and "became active" events
 * make the controller read at once, so a returning owner gets the GPU back without waiting for a poll.
 */
export function powerMonitorIdleSource(monitor: PowerMonitorLike): SignalSource<InputIdle> {
  return {
    id: 'idle:electron',
    async read() {
      try {
        const state = monitor.getSystemIdleState(1);
        if (state === 'unknown') return signalUnavailable('the system does not report input idle time to Electron');
        return signalValue({ idleSeconds: monitor.getSystemIdleTime(), locked: state === 'locked' });
      } catch (err) {
        return signalUnavailable(`Electron's powerMonitor failed: ${(err as Error).message}`);
      }
    },
    watch: (onChange) => watch(monitor, ['lock-screen', 'unlock-screen', 'resume', 'user-did-become-active'], onChange),
  };
}

/** On battery, from Electron; its on-ac and on-battery events make the controller read at once. */
export function powerMonitorBatterySource(monitor: PowerMonitorLike): SignalSource<PowerState> {
  return {
    id: 'power:electron',
    async read() {
      try {
        return signalValue({ onBattery: monitor.isOnBatteryPower() });
      } catch (err) {
        return signalUnavailable(`Electron's powerMonitor failed: ${(err as Error).message}`);
      }
    },
    watch: (onChange) => watch(monitor, ['on-ac', 'on-battery'], onChange),
  };
}
