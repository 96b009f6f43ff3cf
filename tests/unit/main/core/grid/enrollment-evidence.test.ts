import { describe, expect, it } from 'vitest';
import { enrollmentEvidence } from '../../../../../src/main/core/grid/enrollment-evidence';
import type { BenchmarkResult, DetectionReport } from '../../../../../src/shared/contract/gpu';

const result = (id: string, outcome: BenchmarkResult['outcome'], finishedAt: string): BenchmarkResult => ({
  id,
  startedAt: finishedAt,
  finishedAt,
  outcome,
  driverVersion: null,
  system: null,
  network: null,
  gpus: [],
  errors: [],
});

describe('enrollmentEvidence', () => {
  const history = [
    result('cancelled-newest', 'cancelled', '2026-11-25T12:00:00.000Z'),
    result('partial', 'partial', '2026-11-25T11:00:00.000Z'),
    result('failed', 'failed', '2026-11-25T11:30:00.000Z'),
    result('completed-old', 'completed', '2026-11-25T09:00:00.000Z'),
  ];
  const report = { detectedAt: '2026-11-25T10:00:00.000Z' } as DetectionReport;
  let detections = 0;
  const evidence = enrollmentEvidence(
    { lastReport: () => (detections > 0 ? report : null), detect: async () => (detections++, report) },
    { history: async () => history },
  );

  it('submits the newest benchmark that ran to the end, never a cancelled or failed one', async () => {
    expect((await evidence.benchmark(null))?.id).toBe('partial');
    expect((await evidence.benchmark('completed-old'))?.id).toBe('completed-old');
    expect(await evidence.benchmark('failed')).toBeNull();
    expect(await evidence.benchmark('nope')).toBeNull();
  });

  it('detects once when there is no report yet, then reuses it', async () => {
    expect(await evidence.detection()).toBe(report);
    expect(await evidence.detection()).toBe(report);
    expect(detections).toBe(1);
  });
});
