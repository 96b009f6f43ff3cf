import type { BenchmarkService } from '../benchmark/benchmark-service';
import type { DetectionService } from './detection-service';

/** The hardware domain as the host holds it: detection with readiness checks, and the benchmark. */
export interface HardwareServices {
  detection: DetectionService;
  benchmark: BenchmarkService;
}
