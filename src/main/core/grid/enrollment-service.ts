import type { Logger } from '../ports';
import type { GridConnection } from './grid-connection';
import { isGridError } from './grid-error';
import type { EnrollmentStore } from './ports';
import { EnrollmentSchema, GRID_TERMS_VERSION, type BenchmarkReport, type NodeStatus } from './protocol';

/** Where this node stands with the grid: not enrolled yet, or the grid's review. */
export type EnrollmentStatus = { status: 'unenrolled'; gridUrl: string } | (NodeStatus & { gridUrl: string });

export interface EnrollRequest {
  /** The owner accepted this version of the test-grid terms. */
  termsVersion: string;
  contactEmail: string | null;
  benchmark: BenchmarkReport;
}

/**
 * Enrollment in the test grid (the Test Grid page and `gridhost enroll`): submits the signed benchmark with
 * the owner's acceptance of the terms, and reads the review status. The last status is kept in the host's database so that
 * the page can show it while the grid is unreachable.
 */
export class EnrollmentService {
  private readonly logger: Logger;

  constructor(
    private readonly connection: GridConnection,
    private readonly store: EnrollmentStore,
    logger: Logger,
  ) {
    this.logger = logger.child({ component: 'enrollment' });
  }

  /** The terms version the owner must accept. */
  get termsVersion(): string {
    return GRID_TERMS_VERSION;
  }

  async enroll(request: EnrollRequest): Promise<EnrollmentStatus> {
    const enrollment = EnrollmentSchema.parse({
      termsVersion: request.termsVersion,
      acceptTerms: true,
      contact: request.contactEmail ? { email: request.contactEmail } : null,
      benchmark: request.benchmark,
    });
    const client = await this.connection.client();
    const status = await client.enroll(enrollment);
    this.logger.info('enrolled', { status: status.status, market: status.market });
    return this.remember(status, client.url);
  }

  /**
   * Asks the grid; `unenrolled` when it does not know this node. Throws GridError when it cannot answer.
   * `attempts: 1` leaves retrying to the caller (the host loop retries on its own backoff).
   */
  async refresh(options: { attempts?: number } = {}): Promise<EnrollmentStatus> {
    const client = await this.connection.client();
    try {
      return await this.remember(await client.nodeStatus(options), client.url);
    } catch (err) {
      if (isGridError(err) && err.code === 'unknown_node') {
        await this.store.write(null);
        return { status: 'unenrolled', gridUrl: client.url };
      }
      throw err;
    }
  }

  /** The status last read from the configured grid, without asking it; null when none is known. */
  async lastKnown(): Promise<EnrollmentStatus | null> {
    const known = await this.store.read();
    return known !== null && known.gridUrl === this.connection.url ? known : null;
  }

  private async remember(status: NodeStatus, gridUrl: string): Promise<EnrollmentStatus> {
    const known = { ...status, gridUrl };
    await this.store.write(known);
    return known;
  }
}
