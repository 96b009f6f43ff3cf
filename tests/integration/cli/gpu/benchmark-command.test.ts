import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/main/cli/cli';
import { commands } from '../../../../src/main/cli/commands';
import { BenchmarkResultSchema } from '../../../../src/shared/contract/gpu';
import { startLocalGrid, type LocalGrid } from '../../../../tools/local-grid/local-grid';
import { fakeNvidiaSmiEnv } from '../../../support/fake-nvidia-smi';
import { dockerAvailable } from '../../../support/requirements';
import { buildBenchmarkStandIn } from '../../benchmark/stand-in-image';

const hasDocker = await dockerAvailable();

describe.skipIf(!hasDocker)('gridhost benchmark', () => {
  let home: string;
  let grid: LocalGrid;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'gridhost-benchmark-cli-'));
    grid = await startLocalGrid({ port: 0, dbPath: path.join(home, 'grid.sqlite'), feeder: false });
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ grid: { url: grid.url } }));
    env = { ...fakeNvidiaSmiEnv('rtx-3060'), GRIDHOST_HOME: home, GRIDHOST_GPU_BENCHMARK_IMAGE: await buildBenchmarkStandIn('rtx-3060') };
  }, 120_000);

  afterAll(async () => {
    await grid?.close();
    await rm(home, { recursive: true, force: true });
  });

  async function benchmark(args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(['benchmark', ...args], commands, { env, out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  it('--json prints one result on stdout, progress on stderr, and stores it', async () => {
    const { code, out, err } = await benchmark(['--json', '--parts', 'network,gpu']);
    // Measured what it could: the network; the GPU needs the NVIDIA runtime, which this engine lacks.
    expect(code).toBe(0);
    const result = BenchmarkResultSchema.parse(JSON.parse(out));
    expect(result).toMatchObject({ outcome: 'partial', driverVersion: '550.54.14', network: { gridUrl: grid.url } });
    expect(result.errors).toEqual([{ part: 'gpu', message: expect.stringMatching(/Docker cannot give containers the GPU/) }]);
    expect(err).toMatch(/\[\s*\d+ %\] network: Latency/);
    const stored = JSON.parse(await readFile(path.join(home, 'benchmarks.json'), 'utf8')) as { results: Array<{ id: string }> };
    expect(stored.results[0]?.id).toBe(result.id);
  }, 60_000);

  it('prints a readable summary, and exits 1 when nothing could be measured', async () => {
    const { code, out } = await benchmark(['--parts', 'gpu']);
    expect(code).toBe(1);
    expect(out).toMatch(/^Benchmark failed at /);
    expect(out).toMatch(/gpu: Docker cannot give containers the GPU/);
  }, 60_000);

  it('refuses unknown parts with a usage error', async () => {
    const { code, err } = await benchmark(['--parts', 'gpu,disk']);
    expect(code).toBe(2);
    expect(err).toMatch(/not: disk/);
  });
});
