/**
 * The sharing policy's ports: every signal it decides on, and the one way it acts on the host. Adapters
 * (src/main/adapters/...) implement the sources per platform; composition picks those that apply.
 */

/** A signal's reading: its value, or why this machine cannot give it (such a signal never holds sharing back). */
export type Signal<T> = { available: true; value: T } | { available: false; why: string };

export const signalValue = <T>(value: T): Signal<T> => ({ available: true, value });
export const signalUnavailable = <T = never>(why: string): Signal<T> => ({ available: false, why });

/** One source of one kind of signal (logind's idle hint, X11's fullscreen window, nvidia-smi's processes...). */
export interface SignalSource<T> {
  /** Short and stable, for logs and `share status`: `idle:logind`, `fullscreen:x11`. */
  readonly id: string;
  /** Never throws: a failure is an unavailable reading with its reason. */
  read(): Promise<Signal<T>>;
  /** Sources that hear changes as they happen (Electron's lock and battery events) call back for a poll now. */
  watch?(onChange: () => void): () => void;
  close?(): void;
}

/** How long since the owner last touched the keyboard or mouse, and whether the screen is locked. */
export interface InputIdle {
  idleSeconds: number;
  locked: boolean;
}

/** A program filling the screen (a game, a film, a presentation); `program` when the source can name it. */
export interface Fullscreen {
  active: boolean;
  program: string | null;
  /** The source knows it is a game (GameMode), not just a fullscreen window. */
  game?: boolean;
}

/** A process on the GPU as nvidia-smi lists it. */
export interface GpuProcess {
  pid: number;
  /** As nvidia-smi prints it: a path on Linux, often a full path on Windows. */
  name: string;
  /** Compute (CUDA), graphics, or both. */
  kind: 'compute' | 'graphics' | 'compute+graphics';
  /** Video memory in MiB, or null where the driver does not say (Windows WDDM). */
  usedMemoryMiB: number | null;
}

export interface PowerState {
  onBattery: boolean;
}

/** The hottest GPU, in °C. */
export interface GpuTemperature {
  celsius: number;
}

/** Names of the programs running now (the blocked-program rule matches them). */
export type RunningPrograms = readonly string[];

/** Every signal source, by kind. A kind with several sources combines them (any fullscreen, any on battery...). */
export interface SharingSignals {
  idle: Array<SignalSource<InputIdle>>;
  fullscreen: Array<SignalSource<Fullscreen>>;
  gpuProcesses: Array<SignalSource<readonly GpuProcess[]>>;
  power: Array<SignalSource<PowerState>>;
  gpuTemperature: Array<SignalSource<GpuTemperature>>;
  programs: Array<SignalSource<RunningPrograms>>;
}

/**
 * The processes of our own job containers, as host PIDs (the container supervisor's `docker top`), so that a
 * job on the GPU is not taken for the owner's program.
 */
export interface OwnProcesses {
  pids(): Promise<Signal<ReadonlySet<number>>>;
}

/** What the controller does to the host (the lead maps it to HostLoop.requestSharing and pause). */
export interface SharingActuator {
  startSharing(): void;
  /**
   * Stops taking jobs; resolves once the job's containers are gone (the GPU is released). `graceMs` is the
   * containers' time between SIGTERM and SIGKILL (Auto's rule, 1 s by default); null: the containers' setting
   * (the owner chose Never). Not called for a host the controller never started.
   */
  stopSharing(reason: string, graceMs: number | null): Promise<void>;
}

/** Timers, injectable so that tests drive the controller with a fake clock. */
export interface Scheduler {
  /** Runs `fn` after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const realScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};
