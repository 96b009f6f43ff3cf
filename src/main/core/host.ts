import { ApiError } from '../../shared/api-error';
import type { EventData, EventName } from '../../shared/contract';
import type { AppInfo } from '../../shared/contract';
import type { HostStateName, HostStatus, RunningJob } from '../../shared/host-state';
import type { HostDeps } from './host-deps';
import { canTransition } from './host-loop';
import type { EventSink, Logger } from './ports';
import type { SettingsService } from './settings/settings-service';

export type HostEventListener = <E extends EventName>(event: E, data: EventData<E>) => void;

export interface TransitionDetails {
  reason?: string | null;
  job?: RunningJob | null;
  market?: string | null;
  retryAt?: number | null;
}

/** A step that runs during preflight; it may warn but not throw (checks report, they do not crash the host). */
export type PreflightStep = () => Promise<void>;

/**
 * The host itself: owns the host loop's state, publishes it and every other event to the API, and holds the
 * domain services. Plain TypeScript on Node: it reaches the outside only through the ports in HostDeps.
 */
export class HostCore implements EventSink {
  readonly logger: Logger;
  readonly settings: SettingsService;
  private status: HostStatus;
  private readonly listeners = new Set<HostEventListener>();
  private readonly preflightSteps: PreflightStep[] = [];
  private readonly stopHooks: Array<() => Promise<void>> = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(readonly deps: HostDeps) {
    this.logger = deps.logger.child({ component: 'host' });
    this.status = {
      state: 'starting',
      since: new Date(deps.clock.now()).toISOString(),
      reason: null,
      retryAt: null,
      market: null,
      job: null,
    };
    this.settings = deps.createSettings(this);
  }

  get appInfo(): AppInfo {
    return this.deps.appInfo;
  }

  get dataDir(): string {
    return this.deps.dataDir;
  }

  getStatus(): HostStatus {
    return this.status;
  }

  /** Loads settings, runs preflight, and settles in the first resting state. */
  async start(): Promise<void> {
    await this.settings.load();
    this.logger.info('host starting', { version: this.appInfo.version, mode: this.appInfo.mode });
    await this.runPreflight();
  }

  /** Checks the machine again (also the way out of `paused` and `error`). */
  async runPreflight(): Promise<void> {
    const from = this.status.state;
    if (from === 'preflight') return;
    if (!canTransition(from, 'preflight')) {
      throw new ApiError('busy', `The machine cannot be checked while the host is ${from}; it is checked again when the job ends.`);
    }
    this.clearRetry();
    this.transition('preflight');
    for (const step of this.preflightSteps) {
      if (this.stopped) return;
      try {
        await step();
      } catch (err) {
        this.fail(`A start-up check crashed: ${(err as Error).message}`, 30_000);
        return;
      }
    }
    if (this.status.state === 'preflight') {
      this.transition('unenrolled', { reason: 'This machine is not enrolled in the test grid yet.' });
    }
  }

  /** Registers a preflight step (GPU detection, readiness checks, enrollment status...). */
  addPreflightStep(step: PreflightStep): void {
    this.preflightSteps.push(step);
  }

  /** Registers work to do on shutdown (quit a running job, flush logs), run in reverse order. */
  addStopHook(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /**
   * Moves the host loop to another state. The one place a transition is logged and published.
   * Throws on an illegal move: that is a bug in the caller, not a user error.
   */
  transition(to: HostStateName, details: TransitionDetails = {}): HostStatus {
    const from = this.status.state;
    if (!canTransition(from, to)) {
      throw new Error(`host loop: illegal transition ${from} -> ${to}`);
    }
    const keepsJob = to === 'running' || to === 'settling';
    this.status = {
      state: to,
      since: new Date(this.deps.clock.now()).toISOString(),
      reason: details.reason ?? null,
      retryAt: details.retryAt ? new Date(details.retryAt).toISOString() : null,
      market: details.market !== undefined ? details.market : this.status.market,
      job: keepsJob ? (details.job ?? this.status.job) : null,
    };
    this.logger.info('host state changed', { from, to, reason: this.status.reason });
    this.publish('host.state', this.status);
    return this.status;
  }

  /** Goes to `error` with a reason for the owner, and tries preflight again after `retryMs`. */
  fail(reason: string, retryMs: number): void {
    this.clearRetry();
    const retryAt = this.deps.clock.now() + retryMs;
    this.transition('error', { reason, retryAt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.runPreflight();
    }, retryMs);
    this.retryTimer.unref?.();
  }

  publish<E extends EventName>(event: E, data: EventData<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, data);
      } catch (err) {
        this.logger.error('event listener failed', { event, error: (err as Error).message });
      }
    }
  }

  /** Receives every event the host publishes; returns an unsubscribe. */
  subscribe(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearRetry();
    for (const hook of [...this.stopHooks].reverse()) {
      try {
        await hook();
      } catch (err) {
        this.logger.error('shutdown step failed', { error: (err as Error).message });
      }
    }
    this.logger.info('host stopped');
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
