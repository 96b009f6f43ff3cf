import type { GpuVramProbe, OpRunner } from '../jobs/ports';
import type { ServiceRelay } from '../relay/job-services';
import type { OpResourcePreparer } from '../resources/op-resources';
import type { RunningJob } from '../../../shared/host-state';
import type { Clock, Logger } from '../ports';
import type { EventBus } from './event-bus';
import type { HostFaultPolicy } from './host-faults';
import type { LoopEnrollment, LoopGrid, LoopLedger, Outbox, RunInFlightStore, SharingIntent } from './ports';

// What the host loop (host-loop.ts) is built from and tuned with: its parts, its timings and their defaults.

export interface HostLoopOptions {
  /** Long-poll wait for a job. */
  waitMs: number;
  heartbeatMs: number;
  /** How long the first retry after a grid failure waits; it doubles with each failure in a row. */
  retryMs: number;
  /** The longest wait between retries. */
  maxRetryMs: number;
  /** When jobs that cannot start through this machine's fault stop the host, and how long it waits. */
  hostFaults: HostFaultPolicy;
  /** While unenrolled or waitlisted, how often the grid is asked again (an operator may approve at any time). */
  statusPollMs: number;
  /** How long a crashed start-up check waits before preflight runs again. */
  crashRetryMs: number;
}

export interface HostLoopDeps {
  events: EventBus;
  grid: LoopGrid;
  enrollment: LoopEnrollment;
  ledger: LoopLedger;
  runner: OpRunner;
  /** The model cache that fetches and mounts an op's `resources`. */
  resources?: OpResourcePreparer;
  /** The GPU's memory, checked against a job's `meta.system_resources.required_vram` before it starts. */
  gpuVram?: GpuVramProbe;
  /** Exposed services through the grid's relay, with their health checks (job-run.ts). */
  services?: Pick<ServiceRelay, 'start'>;
  /** The job in flight, saved so that after a crash it is closed with the grid on the next start. */
  runState: RunInFlightStore;
  /** The owner's sharing intent: a host that starts with `always` joins the queue by itself once onboarded. */
  sharing: SharingIntent;
  /** Every message that ends a run, kept until the grid acknowledges it (also across restarts). */
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  options?: Partial<HostLoopOptions>;
}

export interface TransitionDetails {
  reason?: string | null;
  job?: RunningJob | null;
  market?: string | null;
  retryAt?: number | null;
}

/** A step that runs during preflight before the grid is asked (open the node key, reach the engine...). */
export type PreflightStep = () => Promise<void>;

export const HOST_LOOP_DEFAULTS: HostLoopOptions = {
  waitMs: 20_000,
  heartbeatMs: 20_000,
  retryMs: 30_000,
  maxRetryMs: 10 * 60_000,
  hostFaults: { limit: 3, retryMs: 5 * 60_000, maxRetryMs: 60 * 60_000 },
  statusPollMs: 2 * 60_000,
  crashRetryMs: 30_000,
};

