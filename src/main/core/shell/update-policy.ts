import type { Logger } from '../ports';

/** The updater (electron-updater in the desktop app), narrowed to what the policy calls. */
export interface UpdaterPort {
  /** Asks the update server on `channel`; resolves with the newer version, or null when up to date. */
  check(channel: UpdateChannel): Promise<string | null>;
  /** Downloads the version found in the background. */
  download(): Promise<void>;
  /** Quits the app and runs the installer (the host must be closed already). */
  install(): void;
}

export type UpdateChannel = 'latest' | 'beta';

/** Timers, injected so tests move time by hand. */
export interface UpdateClock {
  every(ms: number, run: () => void): () => void;
}

export type UpdateState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string }
  | { kind: 'ready'; version: string; installWhenJobEnds: boolean }
  | { kind: 'failed'; message: string };

export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * When updates happen: a check at start and once a day, the download in the background, the install when the
 * app quits or when the owner clicks. Never in the middle of a job: an owner's click while a job runs waits for
 * the job to end; on quit the host has quit the job with the grid before `installOnQuit` is asked.
 */
export class UpdatePolicy {
  private state: UpdateState = { kind: 'idle' };
  private stopTimer: (() => void) | null = null;

  constructor(
    private readonly updater: UpdaterPort,
    private readonly deps: {
      clock: UpdateClock;
      channel: () => UpdateChannel;
      /** True while a job runs or its results are reported (hostPhase 'earning'). */
      jobRunning: () => boolean;
      logger: Logger;
      onChange?: (state: UpdateState) => void;
    },
  ) {}

  current(): UpdateState {
    return this.state;
  }

  start(): void {
    void this.check();
    this.stopTimer = this.deps.clock.every(UPDATE_CHECK_INTERVAL_MS, () => void this.check());
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  /** Checks the channel and downloads a newer version; a failure is logged and kept for the owner to see. */
  async check(): Promise<void> {
    if (this.state.kind === 'checking' || this.state.kind === 'downloading' || this.state.kind === 'ready') return;
    this.set({ kind: 'checking' });
    try {
      const version = await this.updater.check(this.deps.channel());
      if (!version) return this.set({ kind: 'idle' });
      this.deps.logger.info('update found, downloading', { version });
      this.set({ kind: 'downloading', version });
      await this.updater.download();
      this.deps.logger.info('update downloaded', { version });
      this.set({ kind: 'ready', version, installWhenJobEnds: false });
    } catch (err) {
      const message = `Could not check for updates (${(err as Error).message}). GridHost tries again tomorrow.`;
      this.deps.logger.warn('update check failed', { error: (err as Error).message });
      this.set({ kind: 'failed', message });
    }
  }

  /** The owner clicked Install: now when no job runs, else when the job ends. */
  installNow(): 'installing' | 'after-job' | 'nothing-to-install' {
    if (this.state.kind !== 'ready') return 'nothing-to-install';
    if (this.deps.jobRunning()) {
      this.set({ ...this.state, installWhenJobEnds: true });
      this.deps.logger.info('update install waits for the job to end', { version: this.state.version });
      return 'after-job';
    }
    this.deps.logger.info('installing update', { version: this.state.version });
    this.updater.install();
    return 'installing';
  }

  /** Called on every host state change: a deferred install runs once no job runs. */
  hostStateChanged(): void {
    if (this.state.kind === 'ready' && this.state.installWhenJobEnds && !this.deps.jobRunning()) this.installNow();
  }

  /** Asked on quit, after the host closed (the job quit with the grid): whether to run the installer. */
  installOnQuit(): boolean {
    return this.state.kind === 'ready' && !this.deps.jobRunning();
  }

  private set(state: UpdateState): void {
    this.state = state;
    this.deps.onChange?.(state);
  }
}
