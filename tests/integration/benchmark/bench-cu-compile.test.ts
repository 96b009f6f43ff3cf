import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readBenchmarkOutput } from '../../../src/main/core/benchmark/gpu-benchmark-output';

const run = promisify(execFile);
const SOURCE = path.resolve(__dirname, '..', '..', '..', 'assets', 'benchmark', 'bench.cu');
const DOCKERFILE = path.join(path.dirname(SOURCE), 'Dockerfile');

function findNvcc(): string | null {
  const found = [process.env.NVCC, '/usr/local/bin/nvcc', '/usr/local/cuda/bin/nvcc', ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'nvcc'))]
    .find((p) => p && existsSync(p));
  if (!found) console.warn('skipping the bench.cu compile test: nvcc not found (install the CUDA toolkit or set NVCC)');
  return found ?? null;
}

const nvcc = findNvcc();

describe.skipIf(nvcc === null)('assets/benchmark/bench.cu', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('compiles with nvcc, and its output (on any machine) is what the host parses', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gridhost-bench-cu-'));
    const binary = path.join(dir, 'gridhost-bench');
    // The architectures the image is built for, read from its Dockerfile so that the two cannot drift.
    const gencodes = [...(await readFile(DOCKERFILE, 'utf8')).matchAll(/-gencode (arch=compute_\d+,code=(?:sm|compute)_\d+)/g)].map((m) => m[1]!);
    expect(gencodes.length).toBeGreaterThanOrEqual(5);
    // cuBLAS is linked when this toolkit has it (the image's does); otherwise the portable kernels are built.
    const cudaHome = process.env.CUDA_HOME ?? '/usr/local/cuda';
    const hasCublas = existsSync(path.join(cudaHome, 'include', 'cublas_v2.h'));
    const archFlags = gencodes.flatMap((g) => ['-gencode', g]);
    await run(nvcc!, ['-O2', '-std=c++17', ...archFlags, '-o', binary, SOURCE, ...(hasCublas ? ['-lcublas'] : [])], { timeout: 300_000 });
    expect(existsSync(binary)).toBe(true);

    // Without a GPU it reports why, as a JSON error line; with one it measures and says "done".
    const result = await run(binary, [], { timeout: 300_000, env: { ...process.env, BENCH_RUNS: '1', BENCH_N: '2048' } }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    const output = readBenchmarkOutput(result.stdout);
    if (result.code === 0) {
      expect(output.done).toBe(true);
      expect(output.devices.length).toBeGreaterThan(0);
      expect(output.devices.every((d) => d.values.fp16_tensor.length === 1 && d.values.bandwidth.length === 1)).toBe(true);
    } else {
      expect(result.code).toBe(2);
      expect(output.errors.length).toBeGreaterThan(0);
      expect(output.strayLines).toEqual([]);
    }
  }, 320_000);
});
