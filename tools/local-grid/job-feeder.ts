import type { Coordinator } from './coordinator';
import { CPU_DEV_MARKET } from './market-config';
import type { GridDatabase } from './grid-database';
import { SAMPLE_JOBS, type SampleKind } from './sample-job';
import { postJobWithServiceToken } from './service-tokens';

export interface JobFeederOptions {
  /** A round of posting every this many ms. */
  intervalMs: number;
  /** Price of the posted jobs in micro-NOS per second; the market's price when absent. */
  pricePerSecond?: number;
  /** Timeout of the posted jobs in seconds; the market's when absent. */
  timeoutSeconds?: number;
  image: string;
  durationSeconds: number;
  /** The sample jobs posted, in turn, one per round and market (default: the timed job only). */
  kinds?: SampleKind[];
}

/**
 * Posts sample jobs at a steady rate (the kinds in turn): each round, one job to every market that has a node waiting,
 * so that a queued host receives work within one interval. A job posted to a market with a node waiting is
 * assigned at once, so jobs never pile up unassigned.
 */
export class JobFeeder {
  private timer: NodeJS.Timeout | null = null;
  private turn = 0;

  constructor(
    private readonly coordinator: Coordinator,
    private readonly db: GridDatabase,
    private readonly transaction: <T>(fn: () => T) => T,
    private readonly options: JobFeederOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.round(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round of posting; returns the ids posted. */
  round(): string[] {
    return this.transaction(() => {
      const posted: string[] = [];
      const kinds = this.options.kinds ?? ['timed'];
      const kind = kinds[this.turn++ % kinds.length]!;
      for (const market of this.coordinator.markets()) {
        if (market.queueLength === 0) continue;
        const definition = SAMPLE_JOBS[kind]({ image: this.options.image, durationSeconds: this.options.durationSeconds, gpu: market.slug !== CPU_DEV_MARKET });
        const { job } = postJobWithServiceToken(this.coordinator, this.db, {
          market: market.slug,
          definition,
          pricePerSecond: this.options.pricePerSecond,
          timeoutSeconds: this.options.timeoutSeconds,
        });
        posted.push(job.id);
      }
      return posted;
    });
  }
}
