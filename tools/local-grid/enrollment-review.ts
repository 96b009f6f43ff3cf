import { CATALOGUE_RULES } from '../../src/main/core/gpu/catalogue';
import type { BenchmarkReport } from '../../src/main/core/grid/protocol';

/** What the grid decides about an enrolling node. */
export interface ReviewDecision {
  status: 'waitlisted' | 'onboarded';
  market: string | null;
  reason: string | null;
}

export interface ReviewPolicy {
  /** Onboard a node at once when its benchmark passes; otherwise everyone waits for an operator. */
  autoApprove: boolean;
  /** Markets this grid offers (slugs). */
  markets: ReadonlySet<string>;
  /** The market for a machine without a supported GPU (`cpu-dev` on the local grid), or null. */
  cpuMarket: string | null;
}

const MIN_VRAM_MIB = CATALOGUE_RULES.minVramGiB * 1024;
const MIN_DISK_GB = CATALOGUE_RULES.minFreeDiskGB;

/**
 * Reviews a benchmark: the candidate market and, with auto-approval on, whether the node is onboarded.
 * Every waitlist reason says what to fix.
 */
export function reviewEnrollment(benchmark: BenchmarkReport, policy: ReviewPolicy): ReviewDecision {
  const gpu = benchmark.gpu;
  const market = gpu?.market && policy.markets.has(gpu.market) ? gpu.market : gpu ? null : policy.cpuMarket;
  const problems: string[] = [];
  if (gpu) {
    if (!market) problems.push(`no market takes the ${gpu.name} yet (see the supported GPU list)`);
    if (gpu.vramMiB < MIN_VRAM_MIB) problems.push(`the GPU has ${Math.floor(gpu.vramMiB / 1024)} GiB of VRAM; a market needs at least ${CATALOGUE_RULES.minVramGiB} GiB`);
    if (gpu.containerCheck !== 'passed') problems.push('the GPU check inside a container failed (install or fix the NVIDIA Container Toolkit, then run the benchmark again)');
  } else if (!market) {
    problems.push('no NVIDIA GPU was found, and this grid has no market for machines without one');
  }
  if (benchmark.system.diskFreeGB < MIN_DISK_GB) {
    problems.push(`only ${Math.floor(benchmark.system.diskFreeGB)} GB of disk is free; at least ${MIN_DISK_GB} GB is needed for job images`);
  }
  if (!benchmark.passed) problems.push('the benchmark did not pass on the host; fix what it reported and run it again');

  if (problems.length > 0) {
    return { status: 'waitlisted', market, reason: `Waitlisted: ${problems.join('; ')}.` };
  }
  if (!policy.autoApprove) {
    return { status: 'waitlisted', market, reason: 'Waitlisted: the benchmark passed; an operator reviews new nodes by hand on this grid.' };
  }
  return { status: 'onboarded', market, reason: null };
}
