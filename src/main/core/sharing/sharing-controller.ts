import type { SharingMode, SharingRules } from '../../../shared/sharing-settings';
import type { Clock, Logger } from '../ports';
import { realScheduler, type OwnProcesses, type Scheduler, type SharingActuator, type SharingSignals } from './ports';
import { SharingPolicy, type SharingDecision } from './sharing-policy';
import { SignalReader, type SignalReaderOptions } from './signal-reader';

/** How long giving the GPU back took: from reading the signal that said stop to the job's containers gone. */
export interface ReleaseRecord {
  ms: number;
  /** ISO time of the release. */
  at: string;
  /** What caused it, in the owner's words ("Cyberpunk2077.exe is using the GPU"). */
  cause: string;
}

/** The answer of `gridhost share status --json`. */
export interface SharingStatus {
  mode: SharingMode;
  sharing: boolean;
  reason: string;
  lastRelease: ReleaseRecord | null;
}

export interface SharingControllerOptions {
  /** Between readings while sharing (a job may hold the GPU): the owner's game must be seen within this. */
  sharingPollMs: number;
  /** Between readings while paused. */
  pausedPollMs: number;
  /** How many pauses `recentPauses()` keeps. */
  historySize: number;
  reader: Partial<SignalReaderOptions>;
}

export interface SharingControllerDeps {
  signals: SharingSignals;
  ownProcesses: OwnProcesses;
  actuator: SharingActuator;
  /** Read at every decision, so a settings change applies at the next reading. */
  settings: () => { mode: SharingMode; rules: SharingRules };
  clock: Clock;
  logger: Logger;
  /** The owner's IANA time zone; the system's by default. */
  timeZone?: () => string;
  scheduler?: Scheduler;
  options?: Partial<SharingControllerOptions>;
}

const DEFAULTS: SharingControllerOptions = { sharingPollMs: 1500, pausedPollMs: 5000, historySize: 20, reader: {} };

const systemTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Reads the signals, asks the policy, and starts or stops sharing through the actuator. Polls every 1.5 s while
 * sharing (and at once when a source reports a change), every 5 s while paused. Each stop is timed from the
 * reading that caused it to the GPU released, logged, and kept for the Sharing page and `share status`.
 */
export class SharingController {
  private readonly options: SharingControllerOptions;
  private readonly reader: SignalReader;
  private readonly policy = new SharingPolicy();
  private readonly scheduler: Scheduler;
  private readonly log: Logger;
  private readonly listeners = new Set<(decision: SharingDecision) => void>();
  private readonly releaseListeners = new Set<(record: ReleaseRecord) => void>();
  private readonly unwatch: Array<() => void> = [];
  private decision: SharingDecision | null = null;
  /** What was last asked of the host: null before the first decision. */
  private applied: boolean | null = null;
  private pauses: ReleaseRecord[] = [];
  private inFlight: Promise<SharingDecision> | null = null;
  private again = false;
  private cancelTimer: (() => void) | null = null;
  private running = false;

  constructor(private readonly deps: SharingControllerDeps) {
    this.options = { ...DEFAULTS, ...deps.options };
    this.scheduler = deps.scheduler ?? realScheduler;
    this.log = deps.logger.child({ component: 'sharing' });
    this.reader = new SignalReader(deps.signals, deps.ownProcesses, deps.clock, this.scheduler, this.options.reader);
  }

  /** Starts polling (the first reading at once) and listens to sources that report changes. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const source of Object.values(this.deps.signals).flat()) {
      const off = source.watch?.(() => void this.poll());
      if (off) this.unwatch.push(off);
    }
    void this.poll();
  }

  /** Stops polling; sharing is left as it is (the host's own shutdown stops the job). */
  close(): void {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const off of this.unwatch.splice(0)) off();
    for (const source of Object.values(this.deps.signals).flat()) source.close?.();
  }

  /**
   * Reads the signals now and applies the decision (the settings changed, a source heard a change). Readings
   * never overlap: a call during one gets that one, followed by a fresh one.
   */
  poll(): Promise<SharingDecision> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.inFlight = this.round().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        void this.poll();
      } else {
        this.scheduleNext();
      }
    });
    return this.inFlight;
  }

  current(): SharingDecision | null {
    return this.decision;
  }

  status(): SharingStatus {
    return {
      mode: this.deps.settings().mode,
      sharing: this.applied === true,
      reason: this.decision?.reason ?? 'Checking whether to share…',
      lastRelease: this.pauses[0] ?? null,
    };
  }

  /** The latest pauses first, each with how long the GPU took to come back. */
  recentPauses(): ReleaseRecord[] {
    return [...this.pauses];
  }

  /** Every decision as it is made (the lead forwards them to the event bus). Returns the unsubscribe. */
  onDecision(listener: (decision: SharingDecision) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every release, once recorded (the Sharing page's recent pauses). Returns the unsubscribe. */
  onRelease(listener: (record: ReleaseRecord) => void): () => void {
    this.releaseListeners.add(listener);
    return () => this.releaseListeners.delete(listener);
  }

  private async round(): Promise<SharingDecision> {
    const { mode, rules } = this.deps.settings();
    const { readings, reports } = await this.reader.read();
    const timeZone = (this.deps.timeZone ?? systemTimeZone)();
    const decision = this.policy.decide({ mode, rules, readings, signals: reports, timeZone });
    this.logChanges(decision);
    this.decision = decision;
    for (const listener of this.listeners) {
      try {
        listener(decision);
      } catch (err) {
        this.log.warn('a sharing listener failed', { error: (err as Error).message });
      }
    }
    await this.apply(decision, mode === 'auto' ? rules.stopGraceMs : null);
    return decision;
  }

  private async apply(decision: SharingDecision, graceMs: number | null): Promise<void> {
    if (decision.share === this.applied) return;
    const wasSharing = this.applied === true;
    this.applied = decision.share;
    if (decision.share) {
      this.log.info('sharing started', { cause: decision.cause, reason: decision.reason });
      this.deps.actuator.startSharing();
      return;
    }
    // The first decision of a host that never started sharing has nothing to stop.
    if (!wasSharing) return;
    try {
      await this.deps.actuator.stopSharing(decision.reason, graceMs);
    } catch (err) {
      // Still sharing as far as anyone knows: the next reading tries again.
      this.applied = true;
      this.log.error('could not stop sharing', { cause: decision.cause, error: (err as Error).message });
      return;
    }
    const releasedAt = this.deps.clock.now();
    const record: ReleaseRecord = {
      ms: Math.max(0, Math.round(releasedAt - decision.observedAt)),
      at: new Date(releasedAt).toISOString(),
      cause: decision.reason.replace(/^Paused: /, ''),
    };
    this.pauses = [record, ...this.pauses].slice(0, this.options.historySize);
    this.log.info('GPU released', { ms: record.ms, cause: record.cause, rule: decision.cause });
    for (const listener of this.releaseListeners) listener(record);
  }

  private logChanges(next: SharingDecision): void {
    const before = new Map((this.decision?.signals ?? []).map((s) => [`${s.kind}/${s.source}`, s]));
    for (const signal of next.signals) {
      const was = before.get(`${signal.kind}/${signal.source}`);
      if (!signal.available && (was === undefined || was.available)) {
        this.log.info('sharing signal unavailable', { signal: signal.kind, source: signal.source, why: signal.detail });
      }
    }
    if (this.decision?.cause !== next.cause) this.log.info('sharing decision', { share: next.share, cause: next.cause, reason: next.reason });
  }

  private scheduleNext(): void {
    if (!this.running) return;
    const ms = this.applied ? this.options.sharingPollMs : this.options.pausedPollMs;
    this.cancelTimer = this.scheduler.after(ms, () => {
      this.cancelTimer = null;
      void this.poll();
    });
  }
}
