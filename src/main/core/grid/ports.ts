import type { BenchmarkResult, DetectionReport } from '../../../shared/contract/gpu';

/** What an enrollment submits, from the GPU and benchmark services. */
export interface EnrollmentEvidence {
  /** The latest detection report (detecting when there is none yet). */
  detection(): Promise<DetectionReport>;
  /** A finished benchmark by id, or the newest when id is null; null when there is none. */
  benchmark(id: string | null): Promise<BenchmarkResult | null>;
}
