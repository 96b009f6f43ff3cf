import { ApiError } from '../../../shared/api-error';
import { ContainerError } from '../containers/errors';
import { EarningsLedger } from '../earnings/earnings-ledger';
import type { HostCore } from '../host';
import type { OpRunner } from '../jobs/ports';
import type { Clock, JsonDocumentStore, Logger, NodeSigner } from '../ports';
import { EnrollmentService } from './enrollment-service';
import { GridConnection } from './grid-connection';
import { earningsSnapshot, gridSnapshot, jobsSnapshot } from './grid-snapshots';
import { HostLoopDriver, type GridActivity, type HostLoopDriverOptions, type HostLoopPort } from './host-loop-driver';
import type { EnrollmentEvidence, HttpFetch } from './ports';

export interface GridServicesOptions {
  url: () => string;
  openSigner: () => Promise<NodeSigner>;
  /** The container supervisor; null where this runtime has no container engine wired. */
  runner: () => OpRunner | null;
  /** GPU detection and benchmark results; null where this runtime has none wired. */
  evidence: () => EnrollmentEvidence | null;
  /** Opens a JSON document in the data folder by file name. */
  openDocument: (name: string) => JsonDocumentStore;
  clock: Clock;
  logger: Logger;
  /** The network (the platform's fetch). */
  fetch: HttpFetch;
  loop?: Partial<HostLoopDriverOptions>;
}

/**
 * The grid side of the host, built once per runtime (src/main/composition.ts) and attached to HostCore:
 * connection, enrollment, the earnings ledger and the host loop driver, publishing grid, jobs and earnings
 * events as they change.
 */
export class GridServices {
  readonly connection: GridConnection;
  readonly enrollment: EnrollmentService;
  readonly ledger: EarningsLedger;
  readonly driver: HostLoopDriver;
  private readonly options: GridServicesOptions;
  private core: HostCore | null = null;

  constructor(options: GridServicesOptions) {
    const logger = options.logger.child({ component: 'grid' });
    this.options = options;
    this.connection = new GridConnection({ url: options.url, openSigner: options.openSigner, clock: options.clock, fetch: options.fetch });
    this.enrollment = new EnrollmentService(this.connection, options.openDocument('grid-node.json'), logger);
    this.ledger = new EarningsLedger(options.openDocument('earnings.json'), logger, {
      fetchRemote: async () => (await this.connection.client()).earnings(),
      onChange: (entries, totals) => this.core?.publish('earnings.changed', earningsSnapshot(entries, totals, null)),
    });
    const host: HostLoopPort = {
      getStatus: () => this.attached().getStatus(),
      transition: (to, details) => this.attached().transition(to, details),
      fail: (reason, retryMs) => this.attached().fail(reason, retryMs),
    };
    let lastJob: string | null = null;
    this.driver = new HostLoopDriver({
      host,
      connection: this.connection,
      enrollment: this.enrollment,
      ledger: this.ledger,
      runner: {
        run: (spec) => this.runner().run(spec),
        stop: (jobId, opId) => this.runner().stop(jobId, opId),
        logs: (jobId, opId, maxLines) => options.runner()?.logs(jobId, opId, maxLines) ?? [],
      },
      runState: options.openDocument('running-job.json'),
      clock: options.clock,
      logger,
      options: options.loop,
      onActivity: (activity: GridActivity) => {
        this.core?.publish('grid.changed', gridSnapshot(this.connection.url, activity));
        const jobId = activity.job?.jobId ?? null;
        if (jobId !== lastJob) {
          lastJob = jobId;
          this.core?.publish('jobs.changed', jobsSnapshot(activity, this.ledger.list()));
        }
      },
    });
  }

  /** What an enrollment submits; throws ApiError when this runtime cannot benchmark. */
  evidence(): EnrollmentEvidence {
    const evidence = this.options.evidence();
    if (!evidence) throw new ApiError('unavailable', 'GPU detection and the benchmark are not available in this mode of GridHost, so it cannot enroll.');
    return evidence;
  }

  /** Hooks the grid into HostCore: enrollment status in preflight, quit the job in flight on shutdown. */
  attach(core: HostCore): void {
    this.core = core;
    let syncedUrl: string | null = null;
    core.addPreflightStep(async () => {
      syncedUrl = this.connection.url;
      await this.ledger.load();
      await this.driver.syncEnrollment();
    });
    core.addStopHook(() => this.driver.shutdown());
    // Another grid address in Settings: a host that is not busy with the grid asks the new one at once.
    core.subscribe((event) => {
      if (event !== 'settings.changed' || syncedUrl === null || this.connection.url === syncedUrl) return;
      if (['unenrolled', 'waitlisted', 'ready', 'error'].includes(core.getStatus().state)) void core.runPreflight();
    });
  }

  private runner(): OpRunner {
    const runner = this.options.runner();
    if (!runner) {
      throw new ContainerError('engine_unavailable', 'This GridHost has no container engine set up, so it cannot run jobs.', 'Install Docker and start GridHost again.');
    }
    return runner;
  }

  private attached(): HostCore {
    if (!this.core) throw new Error('GridServices used before attach(core)');
    return this.core;
  }
}
