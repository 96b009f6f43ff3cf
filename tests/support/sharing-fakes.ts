import {
  signalUnavailable,
  signalValue,
  type Fullscreen,
  type GpuProcess,
  type GpuTemperature,
  type InputIdle,
  type OwnProcesses,
  type PowerState,
  type RunningPrograms,
  type Scheduler,
  type Signal,
  type SignalSource,
  type SharingActuator,
  type SharingSignals,
} from '../../src/main/core/sharing/ports';
import type { ManualClock } from './core-fakes';

/**
 * Fakes of the sharing policy's ports (src/main/core/sharing/ports.ts): sources whose reading a test sets, our
 * containers' PIDs, an actuator that records what it was asked, and timers driven by a manual clock.
 */

export class FakeSource<T> implements SignalSource<T> {
  reading: Signal<T>;
  reads = 0;
  private listener: (() => void) | null = null;
  constructor(
    readonly id: string,
    value?: T,
  ) {
    this.reading = value === undefined ? signalUnavailable('not set by the test') : signalValue(value);
  }
  set(value: T): void {
    this.reading = signalValue(value);
  }
  fail(why: string): void {
    this.reading = signalUnavailable(why);
  }
  async read(): Promise<Signal<T>> {
    this.reads++;
    return this.reading;
  }
  watch(onChange: () => void): () => void {
    this.listener = onChange;
    return () => (this.listener = null);
  }
  /** As a source that hears changes: sets the value and calls the controller back. */
  change(value: T): void {
    this.set(value);
    this.listener?.();
  }
}

/** One source of each kind, all available, describing an owner away from a cool, plugged-in machine. */
export function fakeSignals() {
  const idle = new FakeSource<InputIdle>('idle:fake', { idleSeconds: 3600, locked: false });
  const fullscreen = new FakeSource<Fullscreen>('fullscreen:fake', { active: false, program: null });
  const gpuProcesses = new FakeSource<readonly GpuProcess[]>('gpu:fake', []);
  const power = new FakeSource<PowerState>('power:fake', { onBattery: false });
  const gpuTemperature = new FakeSource<GpuTemperature>('temperature:fake', { celsius: 45 });
  const programs = new FakeSource<RunningPrograms>('programs:fake', ['bash', 'gridhost']);
  const signals: SharingSignals = {
    idle: [idle],
    fullscreen: [fullscreen],
    gpuProcesses: [gpuProcesses],
    power: [power],
    gpuTemperature: [gpuTemperature],
    programs: [programs],
  };
  return { signals, idle, fullscreen, gpuProcesses, power, gpuTemperature, programs };
}

export class FakeOwnProcesses implements OwnProcesses {
  reading: Signal<ReadonlySet<number>> = signalValue(new Set<number>());
  async pids(): Promise<Signal<ReadonlySet<number>>> {
    return this.reading;
  }
}

/** Records starts and stops; a stop takes `stopMs` of the manual clock (the containers going away). */
export class FakeActuator implements SharingActuator {
  readonly calls: Array<{ call: 'start' } | { call: 'stop'; reason: string; graceMs: number | null }> = [];
  stopMs = 0;
  failStops = false;
  constructor(private readonly clock: ManualClock) {}
  startSharing(): void {
    this.calls.push({ call: 'start' });
  }
  async stopSharing(reason: string, graceMs: number | null): Promise<void> {
    this.calls.push({ call: 'stop', reason, graceMs });
    if (this.failStops) throw new Error('the grid did not answer');
    this.clock.t += this.stopMs;
  }
  get starts(): number {
    return this.calls.filter((c) => c.call === 'start').length;
  }
  get stops(): number {
    return this.calls.filter((c) => c.call === 'stop').length;
  }
}

/** Timers on a manual clock: `advance` moves time and runs what falls due, letting promises settle between. */
export class FakeScheduler implements Scheduler {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;
  constructor(private readonly clock: ManualClock) {}
  after(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.clock.t + ms, fn, id });
    return () => (this.timers = this.timers.filter((t) => t.id !== id));
  }
  get pending(): number {
    return this.timers.length;
  }
  async advance(ms: number): Promise<void> {
    const end = this.clock.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.clock.t = Math.max(this.clock.t, due.at);
      due.fn();
    }
    this.clock.t = Math.max(this.clock.t, end);
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
