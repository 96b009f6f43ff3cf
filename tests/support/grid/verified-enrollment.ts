import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridClient } from '../../../src/main/core/grid/grid-client';
import type { Enrollment, NodeStatus, RunResults } from '../../../src/main/core/grid/protocol';
import type { LocalGrid } from '../../../tools/local-grid/local-grid';
import { enrollmentWith } from './benchmark-fixtures';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'benchmark');

/** The lines the benchmark container prints on a card (tests/fixtures/benchmark/<fixture>.jsonl). */
export function benchmarkOutputLines(fixture = 'rtx-3060'): string[] {
  return readFileSync(join(FIXTURES, `${fixture}.jsonl`), 'utf8').split('\n').filter((line) => line.trim() !== '');
}

/** The results a host reports for its GPU verification job when its card printed `fixture`. */
export function verificationResults(fixture = 'rtx-3060'): RunResults {
  return { exitCode: 0, durationMs: 40_000, logTail: benchmarkOutputLines(fixture).join('\n'), ops: [{ id: 'verify-gpu', exitCode: 0, status: 'success' }] };
}

/**
 * Enrolls a node straight into the grid's state and passes its GPU verification as a host with the card of
 * `fixture` does (default: the RTX 3060 of passingBenchmark()), for tests that need an onboarded GPU node.
 */
export function enrollVerified(grid: LocalGrid, address: string, enrollment: Enrollment = enrollmentWith(), fixture = 'rtx-3060'): NodeStatus {
  return grid.transaction(() => {
    const { verification } = grid.coordinator.enroll(address, enrollment);
    if (verification) grid.coordinator.finish(verification.runId, address, verificationResults(fixture));
    return grid.coordinator.nodeStatus(address);
  });
}

/** The same over HTTP with the real client: enroll, then report the verification job's results. */
export async function enrollVerifiedOverHttp(client: GridClient, enrollment: Enrollment = enrollmentWith(), fixture = 'rtx-3060'): Promise<NodeStatus> {
  const { verification } = await client.enroll(enrollment);
  if (verification) await client.finish(verification.runId, verificationResults(fixture));
  return client.nodeStatus();
}
