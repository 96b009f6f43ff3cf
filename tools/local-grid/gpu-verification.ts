import type { BenchmarkReport, Job, RunResults, Verification } from '../../src/main/core/grid/protocol';
import type { JobDefinition } from '../../src/main/core/jobs/job-definition';
import type { ReviewDecision } from './enrollment-review';
import type { GridDatabase } from './grid-database';
import { judgeVerification, type VerificationVerdict } from './verification-verdict';

/** The job that verifies a node's GPU: the benchmark image, as any job runs. */
export interface VerificationJobOptions {
  /** The benchmark image (assets/benchmark; hosts have it from their own benchmark). Tests use a stand-in. */
  image: string;
  /** Whether the job asks for the GPU: always on a real grid; off only for a stand-in on a machine without one. */
  gpu: boolean;
  /** How long the job may run. */
  timeoutSeconds: number;
}

/** The benchmark image GridHost builds and keeps (src/main/composition.ts, GPU_BENCHMARK_IMAGE). */
export const DEFAULT_VERIFICATION_JOB: VerificationJobOptions = { image: 'gridhost/benchmark:1', gpu: true, timeoutSeconds: 900 };

/** Posts a job straight to one node (Coordinator.postJob with `assignTo`). */
export type PostToNode = (input: { market: string; definition: JobDefinition; timeoutSeconds: number }) => Job;

interface Row {
  address: string;
  market: string;
  run_id: string | null;
  run_state: string | null;
  job_id: string | null;
  benchmark_json: string;
}

/**
 * The local grid's GPU verification, as Nosana sends benchmark jobs: before a node that passed review is
 * onboarded in a GPU market, it is sent the benchmark as a job, and what the job measured is compared with the
 * GPU the node reported (verification-verdict.ts). The node stays waitlisted meanwhile. A verification job
 * that is quit or expires is sent again the next time the node asks for its status.
 */
export class GpuVerification {
  constructor(
    private readonly db: GridDatabase,
    private readonly job: VerificationJobOptions,
    private readonly now: () => number,
  ) {}

  /**
   * The review of an enrollment, with verification: a node the review onboards in a GPU market is waitlisted
   * instead until its GPU is verified (`verifyIn`: the market). No GPU, or the CPU market: nothing to verify.
   */
  review(reviewed: ReviewDecision, benchmark: BenchmarkReport, cpuMarket: string | null): ReviewDecision & { verifyIn: string | null } {
    const gpu = benchmark.gpu;
    if (reviewed.status !== 'onboarded' || !gpu || !reviewed.market || reviewed.market === cpuMarket) return { ...reviewed, verifyIn: null };
    return {
      status: 'waitlisted',
      market: reviewed.market,
      verifyIn: reviewed.market,
      reason: `Verifying your GPU: the grid sent this machine a verification job (the benchmark, in a container); it is onboarded in ${reviewed.market} once the measured GPU matches the ${gpu.name} it reported.`,
    };
  }

  /**
   * Starts the verification of a node for a market; with null, ends any. A node that enrolls again for the
   * same market keeps the job it was sent (it is judged against the newest claim).
   */
  begin(address: string, market: string | null): void {
    if (market === null) return this.cancel(address);
    this.db
      .prepare(
        `INSERT INTO gpu_verifications (address, market, run_id, started_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (address) DO UPDATE SET run_id = CASE WHEN market = excluded.market THEN run_id END,
           market = excluded.market, started_at = excluded.started_at`,
      )
      .run(address, market, this.now());
  }

  /** Forgets a node's verification (an operator decided, or the node enrolled into a market that needs none). */
  cancel(address: string): void {
    this.db.prepare('DELETE FROM gpu_verifications WHERE address = ?').run(address);
  }

  /**
   * The verification job the node must run now, posting a new one when none is running (the first time, or
   * after one was quit or expired); null when the node is not being verified.
   */
  current(address: string, post: PostToNode): Verification | null {
    const row = this.row('v.address = ?', address);
    if (!row) return null;
    if (row.run_id && row.job_id && row.run_state === 'running') return { jobId: row.job_id, runId: row.run_id };
    const job = post({ market: row.market, definition: this.definition(), timeoutSeconds: this.job.timeoutSeconds });
    const run = this.db.prepare('SELECT id FROM runs WHERE job_id = ?').get(job.id) as { id: string };
    this.db.prepare('UPDATE gpu_verifications SET run_id = ? WHERE address = ?').run(run.id, address);
    return { jobId: job.id, runId: run.id };
  }

  /**
   * Judges a finished run when it is a node's current verification job, and ends the verification;
   * null for any other run.
   */
  judge(runId: string, results: RunResults): (VerificationVerdict & { address: string; market: string }) | null {
    const row = this.row('v.run_id = ?', runId);
    if (!row) return null;
    this.cancel(row.address);
    const claim = (JSON.parse(row.benchmark_json) as BenchmarkReport).gpu;
    const verdict: VerificationVerdict = claim
      ? judgeVerification(claim, results)
      : { outcome: 'mismatch', reason: 'the node reported no GPU, so there is nothing to verify for a GPU market' };
    return { ...verdict, address: row.address, market: row.market };
  }

  private row(where: string, value: string): Row | null {
    return (
      (this.db
        .prepare(
          `SELECT v.address, v.market, v.run_id, r.state AS run_state, r.job_id, n.benchmark_json
           FROM gpu_verifications v JOIN nodes n ON n.address = v.address LEFT JOIN runs r ON r.id = v.run_id
           WHERE ${where}`,
        )
        .get(value) as Row | undefined) ?? null
    );
  }

  private definition(): JobDefinition {
    return {
      version: '0.1',
      type: 'container',
      meta: { trigger: 'local-grid', description: 'GPU verification: the benchmark, to check the GPU this machine reported' },
      ops: [{ type: 'container/run', id: 'verify-gpu', args: { image: this.job.image, gpu: this.job.gpu } }],
    };
  }
}
