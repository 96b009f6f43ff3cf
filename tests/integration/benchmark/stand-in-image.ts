import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'benchmark');

/**
 * Builds (once per output) a busybox image that stands in for the GPU benchmark image: it prints the
 * recorded output `tests/fixtures/benchmark/<output>.jsonl` as bench.cu would, and answers `nvidia-smi` as
 * the NVIDIA runtime's injected one does. Returns the image reference.
 */
export async function buildBenchmarkStandIn(output: string): Promise<string> {
  const tag = `gridhost-test/benchmark-stand-in:${output}`;
  const context = await standInSources(output);
  try {
    await run('docker', ['build', '--quiet', '--tag', tag, context], { timeout: 120_000 });
    return tag;
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** The stand-in's build folder (Dockerfile and files), as the real image's sources are in assets/benchmark. */
export async function standInSources(output: string): Promise<string> {
  const context = await mkdtemp(path.join(tmpdir(), 'gridhost-bench-stand-in-'));
  for (const file of ['Dockerfile', 'gridhost-bench', 'nvidia-smi']) await copyFile(path.join(FIXTURES, 'stand-in', file), path.join(context, file));
  await copyFile('/bin/busybox', path.join(context, 'busybox'));
  await copyFile(path.join(FIXTURES, `${output}.jsonl`), path.join(context, 'output.jsonl'));
  return context;
}
