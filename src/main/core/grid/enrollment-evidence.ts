import type { BenchmarkResult, DetectionReport } from '../../../shared/contract/gpu';
import type { EnrollmentEvidence } from './ports';

/**
 * Enrollment evidence from the GPU detection and benchmark services (their public faces, narrowed): the
 * last detection report (detecting when there is none) and a finished benchmark from the history.
 */
export function enrollmentEvidence(
  detection: { lastReport(): DetectionReport | null; detect(): Promise<DetectionReport> },
  benchmarks: { history(): Promise<BenchmarkResult[]> },
): EnrollmentEvidence {
  return {
    detection: async () => detection.lastReport() ?? (await detection.detect()),
    benchmark: async (id) => {
      const finished = (await benchmarks.history()).filter((b) => b.outcome === 'completed' || b.outcome === 'partial');
      if (id === null) return finished.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0] ?? null;
      return finished.find((b) => b.id === id) ?? null;
    },
  };
}
