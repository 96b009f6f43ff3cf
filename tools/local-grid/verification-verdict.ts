import { readBenchmarkOutput, type DeviceResults } from '../../src/main/core/benchmark/gpu-benchmark-output';
import { ATTAINABLE_SHARE } from '../../src/main/core/benchmark/gpu-benchmark-verdict';
import { summarise } from '../../src/main/core/benchmark/measured-figure';
import { matchCatalogue } from '../../src/main/core/gpu/catalogue';
import type { BenchmarkReport, RunResults } from '../../src/main/core/grid/protocol';

/** The GPU a node claims in its enrollment. */
export type ClaimedGpu = NonNullable<BenchmarkReport['gpu']>;

/**
 * What the verification job's results say about the claim:
 * - `matches`: a GPU of the claimed model, with its VRAM and throughput, was measured;
 * - `mismatch`: the measured GPU is not what was claimed (the node is rejected with the reason);
 * - `inconclusive`: the job measured nothing usable (the node stays waitlisted and may enroll again).
 */
export type VerificationVerdict =
  | { outcome: 'matches'; reason: null }
  | { outcome: 'mismatch' | 'inconclusive'; reason: string };

/** CUDA reports a little less memory than nvidia-smi's total (the driver's reserve): 10 % slack. */
const VRAM_SLACK = 0.9;
/**
 * A verified card reaches at least this share of what a healthy one does (ATTAINABLE_SHARE of the catalogue's
 * peak): room for a power cap or a warm room, none for a card one class down.
 */
const THROUGHPUT_TOLERANCE = 0.75;
const FIGURES = [
  { test: 'fp16_tensor', share: 'fp16TensorTflops', label: 'FP16 tensor throughput', unit: 'TFLOPS', cublasOnly: true },
  { test: 'bandwidth', share: 'memoryBandwidthGBs', label: 'memory bandwidth', unit: 'GB/s', cublasOnly: false },
] as const;

/**
 * Compares the benchmark a verification job printed (its log tail: the JSON lines of assets/benchmark) with
 * the GPU the node claimed: the model per the catalogue, the VRAM, and the throughput within a tolerance of
 * the claimed card's.
 */
export function judgeVerification(claim: ClaimedGpu, results: RunResults): VerificationVerdict {
  const claimed = matchCatalogue(claim.name, claim.vramMiB);
  if (!claimed.supported) return { outcome: 'mismatch', reason: `the reported ${claim.name} is not a GPU any market takes` };
  const output = readBenchmarkOutput(results.logTail);
  if (output.devices.length === 0 || !output.done) {
    const why = output.errors[0] ?? (results.exitCode === 0 ? 'it printed no benchmark results' : `it exited with code ${results.exitCode}`);
    return { outcome: 'inconclusive', reason: `the GPU verification job did not finish its benchmark (${why}); fix the machine's GPU setup, run the benchmark, then enroll again` };
  }
  const same = output.devices.filter((d) => {
    const m = matchCatalogue(d.name, d.memMiB);
    return m.supported && m.entry.id === claimed.entry.id;
  });
  if (same.length === 0) {
    const measured = output.devices.map((d) => `${d.name} (${gib(d.memMiB)} GiB)`).join(', ');
    return { outcome: 'mismatch', reason: `the GPU verification job measured ${measured}, not the ${claim.name} this machine reported` };
  }
  const problems = same.map((device) => shortfalls(device, claim, claimed.expected));
  const best = problems.find((p) => p.length === 0);
  if (best) return { outcome: 'matches', reason: null };
  return { outcome: 'mismatch', reason: `the GPU verification job measured a ${claim.name} that falls short: ${(problems[0] ?? []).join('; ')}` };
}

function shortfalls(device: DeviceResults, claim: ClaimedGpu, expected: { fp16TensorTflops: number; memoryBandwidthGBs: number }): string[] {
  const problems: string[] = [];
  if (device.memMiB < claim.vramMiB * VRAM_SLACK) {
    problems.push(`${gib(device.memMiB)} GiB of VRAM where ${gib(claim.vramMiB)} GiB was reported`);
  }
  for (const figure of FIGURES) {
    if (figure.cublasOnly && device.impl !== 'cublas') continue;
    const values = device.values[figure.test];
    const peak = figure.share === 'fp16TensorTflops' ? expected.fp16TensorTflops : expected.memoryBandwidthGBs;
    const floor = peak * ATTAINABLE_SHARE[figure.share] * THROUGHPUT_TOLERANCE;
    if (values.length === 0) {
      problems.push(`no ${figure.label} result`);
      continue;
    }
    const median = summarise(values).median;
    if (median < floor) problems.push(`${figure.label} ${round(median)} ${figure.unit}, below the ${round(floor)} ${figure.unit} such a card reaches`);
  }
  return problems;
}

const gib = (mib: number): number => Math.round((mib / 1024) * 10) / 10;
const round = (n: number): number => Math.round(n * 10) / 10;
