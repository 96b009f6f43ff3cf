import type { Logger } from '../ports';
import { ContainerError } from './errors';
import type { EngineConnection, EngineContainerEvent, EngineInfo, Subscription } from './ports';

/** Whether the container engine answers, and if not, what to do. */
export type EngineStatus =
  | { state: 'up'; info: EngineInfo }
  | { state: 'down'; message: string; hint: string }
  | { state: 'unknown' };

/** Waits between reconnect attempts; the last one repeats. */
export const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10_000] as const;

/**
 * Keeps track of the engine: up while its event stream is open, down when a ping fails or the stream ends,
 * and back up by itself (a ping with back-off) when the engine returns. Container events of our labelled
 * containers are forwarded while up.
 */
export class EngineMonitor {
  private current: EngineStatus = { state: 'unknown' };
  private subscription: Subscription | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private closed = false;
  private connecting: Promise<EngineStatus> | null = null;

  constructor(
    private readonly engine: EngineConnection,
    /** Only container events carrying these labels are forwarded. */
    private readonly scope: Record<string, string>,
    private readonly onStatus: (status: EngineStatus) => void,
    private readonly onContainerEvent: (event: EngineContainerEvent) => void,
    private readonly logger: Logger,
    private readonly delaysMs: readonly number[] = RECONNECT_DELAYS_MS,
  ) {}

  get status(): EngineStatus {
    return this.current;
  }

  /** Connects (or reconnects) now; resolves with the resulting status. Never throws. */
  connect(): Promise<EngineStatus> {
    if (this.closed) return Promise.resolve(this.current);
    this.connecting ??= this.tryConnect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** Called by the supervisor when an operation found the engine gone: re-check at once. */
  suspectDown(): void {
    if (this.current.state === 'up') void this.connect();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.subscription?.close();
    this.subscription = null;
  }

  private async tryConnect(): Promise<EngineStatus> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    try {
      const info = await this.engine.ping();
      this.subscription?.close();
      this.subscription = await this.engine.subscribeContainerEvents(this.scope, this.onContainerEvent, (err) =>
        this.lost(err),
      );
      this.attempt = 0;
      this.set({ state: 'up', info });
    } catch (err) {
      this.lost(err instanceof Error ? err : new Error(String(err)));
    }
    return this.current;
  }

  private lost(err: Error | null): void {
    if (this.closed) return;
    this.subscription = null;
    const known = err instanceof ContainerError ? err : null;
    const status: EngineStatus = {
      state: 'down',
      message: known?.message ?? `The container engine stopped answering${err ? ` (${err.message})` : ''}.`,
      hint: known?.hint ?? 'Start Docker (or Podman); GridHost reconnects by itself when it is back.',
    };
    this.set(status);
    const delay = this.delaysMs[Math.min(this.attempt, this.delaysMs.length - 1)] ?? 10_000;
    this.attempt += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }

  private set(status: EngineStatus): void {
    const changed = status.state !== this.current.state;
    this.current = status;
    if (!changed) return;
    if (status.state === 'up') this.logger.info('container engine up', { endpoint: status.info.endpoint, version: status.info.version });
    else if (status.state === 'down') this.logger.warn('container engine down', { reason: status.message });
    this.onStatus(status);
  }
}
