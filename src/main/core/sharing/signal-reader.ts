import type { Clock } from '../ports';
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
  type SharingSignals,
} from './ports';

export type SignalKind = keyof SharingSignals;

/** One source's state, for the Sharing page and `share status`: what it says, or why it says nothing. */
export interface SignalReport {
  kind: SignalKind;
  /** The source's id, or null when this platform has no source of this kind. */
  source: string | null;
  available: boolean;
  /** The value in a few words, or why it is unavailable. */
  detail: string;
}

/** Every kind combined over its sources, plus our containers' processes, read at `observedAt`. */
export interface Readings {
  observedAt: number;
  idle: Signal<InputIdle>;
  fullscreen: Signal<Fullscreen>;
  gpuProcesses: Signal<readonly GpuProcess[]>;
  power: Signal<PowerState>;
  gpuTemperature: Signal<GpuTemperature>;
  programs: Signal<RunningPrograms>;
  ownPids: Signal<ReadonlySet<number>>;
}

export interface SignalReaderOptions {
  /** A source that has not answered after this long counts as unavailable for this round. */
  timeoutMs: number;
  /**
   * A source that fails for a moment keeps its last value this long, so that a hiccup (a D-Bus timeout) does
   * not read as "no signal" and start a job under the owner's hands.
   */
  staleMs: number;
}

const DEFAULTS: SignalReaderOptions = { timeoutMs: 3000, staleMs: 15_000 };

const NO_SOURCE: Record<SignalKind, string> = {
  idle: 'no idle-time source on this machine',
  fullscreen: 'no fullscreen detection on this machine',
  gpuProcesses: 'nvidia-smi is not available',
  power: 'no power source information on this machine',
  gpuTemperature: 'nvidia-smi is not available',
  programs: 'the running programs cannot be listed on this machine',
};

type Combiner<T> = (values: T[]) => T;

const COMBINE: { [K in SignalKind]: Combiner<SignalValue<K>> } = {
  // The first source that answers is the best one (composition lists them in order of trust).
  idle: (values) => values[0] as InputIdle,
  fullscreen: (values) => values.find((v) => v.active) ?? { active: false, program: null },
  gpuProcesses: (values) => values.flat(),
  power: (values) => ({ onBattery: values.some((v) => v.onBattery) }),
  gpuTemperature: (values) => ({ celsius: Math.max(...values.map((v) => v.celsius)) }),
  programs: (values) => [...new Set(values.flat())],
};

type SignalValue<K extends SignalKind> = SharingSignals[K][number] extends SignalSource<infer T> ? T : never;

function summary<K extends SignalKind>(kind: K, value: SignalValue<K>): string {
  switch (kind) {
    case 'idle': {
      const v = value as InputIdle;
      return `idle ${Math.floor(v.idleSeconds)} s${v.locked ? ', screen locked' : ''}`;
    }
    case 'fullscreen': {
      const v = value as Fullscreen;
      return v.active ? `fullscreen${v.program ? `: ${v.program}` : ''}` : 'no fullscreen program';
    }
    case 'gpuProcesses':
      return `${(value as readonly GpuProcess[]).length} process(es) on the GPU`;
    case 'power':
      return (value as PowerState).onBattery ? 'on battery' : 'on mains power';
    case 'gpuTemperature':
      return `${(value as GpuTemperature).celsius} °C`;
    default:
      return `${(value as RunningPrograms).length} programs running`;
  }
}

/** Reads every signal source at once, each with a time limit, and combines each kind's sources. */
export class SignalReader {
  private readonly options: SignalReaderOptions;
  private readonly lastGood = new Map<SignalSource<unknown>, { value: unknown; at: number }>();

  constructor(
    private readonly signals: SharingSignals,
    private readonly ownProcesses: OwnProcesses,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    options: Partial<SignalReaderOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async read(): Promise<{ readings: Readings; reports: SignalReport[] }> {
    const observedAt = this.clock.now();
    const reports: SignalReport[] = [];
    const [idle, fullscreen, gpuProcesses, power, gpuTemperature, programs, ownPids] = await Promise.all([
      this.kind('idle', reports),
      this.kind('fullscreen', reports),
      this.kind('gpuProcesses', reports),
      this.kind('power', reports),
      this.kind('gpuTemperature', reports),
      this.kind('programs', reports),
      this.limited(() => this.ownProcesses.pids(), 'our containers\' processes'),
    ]);
    if (!ownPids.available) {
      reports.push({ kind: 'gpuProcesses', source: 'own-processes', available: false, detail: `cannot tell our job's processes from the owner's: ${ownPids.why}` });
    }
    return { readings: { observedAt, idle, fullscreen, gpuProcesses, power, gpuTemperature, programs, ownPids }, reports };
  }

  private async kind<K extends SignalKind>(kind: K, reports: SignalReport[]): Promise<Signal<SignalValue<K>>> {
    const sources = this.signals[kind] as Array<SignalSource<SignalValue<K>>>;
    if (sources.length === 0) {
      reports.push({ kind, source: null, available: false, detail: NO_SOURCE[kind] });
      return signalUnavailable(NO_SOURCE[kind]);
    }
    const readings = await Promise.all(sources.map((source) => this.readSource(source)));
    const values: Array<SignalValue<K>> = [];
    readings.forEach((reading, i) => {
      const source = sources[i] as SignalSource<SignalValue<K>>;
      if (reading.available) values.push(reading.value);
      reports.push({ kind, source: source.id, available: reading.available, detail: reading.available ? summary(kind, reading.value) : reading.why });
    });
    if (values.length === 0) return signalUnavailable(readings.map((r) => (r.available ? '' : r.why)).join('; '));
    return signalValue((COMBINE[kind] as Combiner<SignalValue<K>>)(values));
  }

  /** One source's reading within the time limit, or its last value while that is fresh enough. */
  private async readSource<T>(source: SignalSource<T>): Promise<Signal<T>> {
    const reading = await this.limited(() => source.read(), source.id);
    const now = this.clock.now();
    if (reading.available) {
      this.lastGood.set(source, { value: reading.value, at: now });
      return reading;
    }
    const last = this.lastGood.get(source);
    if (last && now - last.at <= this.options.staleMs) return signalValue(last.value as T);
    return reading;
  }

  private limited<T>(read: () => Promise<Signal<T>>, what: string): Promise<Signal<T>> {
    return new Promise((resolve) => {
      const cancel = this.scheduler.after(this.options.timeoutMs, () =>
        resolve(signalUnavailable(`${what} did not answer within ${this.options.timeoutMs / 1000} s`)),
      );
      read().then(
        (reading) => resolve(reading),
        (err: unknown) => resolve(signalUnavailable(`${what} failed: ${(err as Error).message}`)),
      ).finally(cancel);
    });
  }
}
