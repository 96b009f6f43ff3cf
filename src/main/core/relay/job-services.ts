import type { ExposedService } from '../jobs/exposed-service';
import type { Logger } from '../ports';
import { runHealthCheck } from './health-check';
import type { LocalServiceDialer, RelayTunnelOpener } from './ports';
import { ServiceTunnel } from './service-tunnel';

export interface ServiceRelayOptions {
  /** Between two rounds of health checks (while starting, and of continuous checks while running). */
  checkIntervalMs: number;
  /** One check may take this long. */
  checkTimeoutMs: number;
  /** A service whose checks have not passed this long after its op started fails the job. */
  startupTimeoutMs: number;
}

/** Checks every 5 s, each within 5 s; a service has 10 minutes to pass its checks (a model may load that long). */
export const SERVICE_RELAY_OPTIONS: ServiceRelayOptions = { checkIntervalMs: 5_000, checkTimeoutMs: 5_000, startupTimeoutMs: 10 * 60_000 };

export type ServiceHealth = 'starting' | 'up' | 'failed';

/** What the dashboard shows of a running service. */
export interface ServiceStatus {
  jobId: string;
  opId: string;
  port: number;
  type: ExposedService['type'];
  health: ServiceHealth;
  /** Requests relayed through the grid so far. */
  requests: number;
  reason: string | null;
}

/**
 * The services of one running op: `healthy` settles once every one of them has passed its health checks (never
 * when one fails or they are stopped first), `failed` with the reason when a health check fails.
 */
export interface RunningServices {
  healthy: Promise<void>;
  failed: Promise<string>;
  stop(): void;
}

/**
 * Serves the exposed services of running ops through the grid: each service counts as up once its health checks
 * pass (at once when it has none), then the host opens its outbound tunnel to the grid; continuous checks keep
 * watching, and a check that fails (or never passes before the startup timeout) fails the job with the reason.
 */
export class ServiceRelay {
  private readonly statuses = new Map<string, ServiceStatus & { tunnel: ServiceTunnel | null }>();

  constructor(
    private readonly opener: RelayTunnelOpener,
    private readonly dialer: LocalServiceDialer,
    private readonly logger: Logger,
    private readonly options: ServiceRelayOptions,
  ) {}

  /** The services running now. */
  list(): ServiceStatus[] {
    return [...this.statuses.values()].map(({ tunnel, ...status }) => ({ ...status, requests: tunnel?.requests ?? 0 }));
  }

  start(jobId: string, opId: string, services: ExposedService[], hostPorts: Record<string, number>): RunningServices {
    const stop = new AbortController();
    let fail: (reason: string) => void = () => undefined;
    const failed = new Promise<string>((resolve) => (fail = resolve));
    const keys: string[] = [];
    const passed: Promise<void>[] = [];
    for (const service of services) {
      const hostPort = hostPorts[`${service.port}/tcp`];
      if (hostPort === undefined) continue;
      const key = `${jobId}/${opId}/${service.port}`;
      keys.push(key);
      this.statuses.set(key, { jobId, opId, port: service.port, type: service.type, health: 'starting', requests: 0, reason: null, tunnel: null });
      let pass: () => void = () => undefined;
      passed.push(new Promise<void>((resolve) => (pass = resolve)));
      this.watch(key, jobId, service, hostPort, stop.signal, pass).catch((err: unknown) => {
        const reason = (err as Error).message;
        const status = this.statuses.get(key);
        if (status) Object.assign(status, { health: 'failed', reason });
        if (!stop.signal.aborted) fail(reason);
      });
    }
    return {
      healthy: Promise.all(passed).then(() => undefined),
      failed,
      stop: () => {
        stop.abort();
        for (const key of keys) {
          this.statuses.get(key)?.tunnel?.close();
          this.statuses.delete(key);
        }
      },
    };
  }

  /** Checks a service until it passes (then `passed`), opens its tunnel, and keeps up its continuous checks. */
  private async watch(key: string, jobId: string, service: ExposedService, hostPort: number, signal: AbortSignal, passed: () => void): Promise<void> {
    const log = this.logger.child({ job: jobId, port: service.port });
    const deadline = Date.now() + this.options.startupTimeoutMs;
    for (let last = await this.check(service, hostPort); last !== null; last = await this.check(service, hostPort)) {
      if (signal.aborted) return;
      if (Date.now() > deadline) throw new Error(`The service on port ${service.port} did not become healthy within ${Math.round(this.options.startupTimeoutMs / 1000)} s: ${last}.`);
      await sleep(this.options.checkIntervalMs, signal);
    }
    if (signal.aborted) return;
    // Healthy before its tunnel opens: the job's own ops reach it on the job's network, not through the grid.
    passed();
    const status = this.statuses.get(key);
    if (!status) return;
    const tunnel = new ServiceTunnel(await this.opener.open(jobId, service.port), this.dialer, hostPort, log);
    if (signal.aborted) return tunnel.close();
    Object.assign(status, { health: 'up', tunnel });
    log.info('service up and relayed through the grid', { checks: service.healthChecks.length });
    const continuous = service.healthChecks.filter((c) => c.continuous);
    while (continuous.length > 0 && !signal.aborted) {
      await sleep(this.options.checkIntervalMs, signal);
      if (signal.aborted) return;
      const reason = await this.check({ ...service, healthChecks: continuous }, hostPort);
      if (reason !== null) throw new Error(`The service on port ${service.port} stopped passing its health check: ${reason}.`);
    }
  }

  /** Runs a service's checks in turn: null when all pass, else the first failure. */
  private async check(service: ExposedService, hostPort: number): Promise<string | null> {
    for (const check of service.healthChecks) {
      const reason = await runHealthCheck(this.dialer, hostPort, check, this.options.checkTimeoutMs);
      if (reason !== null) return reason;
    }
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
