import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerImageBuilder } from '../../../src/main/adapters/docker/docker-image-builder';
import { JsonFileStore } from '../../../src/main/adapters/fs/json-file-store';
import { NvidiaSmiProcess } from '../../../src/main/adapters/nvidia-smi/nvidia-smi-process';
import { NodeMachineMeasurements } from '../../../src/main/adapters/systeminformation/node-machine-measurements';
import { BenchmarkHistory } from '../../../src/main/core/benchmark/benchmark-history';
import { BenchmarkService } from '../../../src/main/core/benchmark/benchmark-service';
import { HttpSpeedTestClient } from '../../../src/main/adapters/http/http-speed-test-client';
import { LABEL_JOB } from '../../../src/main/core/containers/container-names';
import type { BenchmarkProgress, BenchmarkResult } from '../../../src/shared/contract/gpu';
import { BenchmarkResultSchema } from '../../../src/shared/contract/gpu';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { RecordingLogger } from '../../support/core-fakes';
import { fakeNvidiaSmiEnv } from '../../support/fake-nvidia-smi';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';
import { buildBenchmarkStandIn, standInSources } from './stand-in-image';

const hasDocker = await dockerAvailable();

// A whole benchmark run in real Docker with a stand-in image (no GPU here): the stand-in prints a recorded
// bench.cu output; nvidia-smi is the fake replaying the matching card; the network part talks to the real
// local grid's speed-test endpoints; the history is a real JSON file.
describe.skipIf(!hasDocker)('benchmark in real Docker with a stand-in GPU image', () => {
  let dir: string;
  let grid: LocalGrid;
  // The benchmark container runs through the container supervisor, over the real engine.
  let h: Harness;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gridhost-benchmark-'));
    grid = await startLocalGrid({ port: 0, dbPath: path.join(dir, 'grid.sqlite'), feeder: false });
    h = await createHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await grid?.close();
    await rm(dir, { recursive: true, force: true });
  });

  let services = 0;
  function service(image: string, fixture: string, progress: BenchmarkProgress[] = [], finished: BenchmarkResult[] = []) {
    services += 1;
    return new BenchmarkService({
      measurements: new NodeMachineMeasurements({ windowMs: 50 }),
      speedTest: () => ({ gridUrl: grid.url, client: new HttpSpeedTestClient(grid.url) }),
      engine: h.engine,
      containers: h.supervisor,
      gpuImage: image,
      // The stand-in cannot get a GPU here: this engine has no NVIDIA runtime.
      requestGpus: false,
      nvidiaSmi: new NvidiaSmiProcess({ host: { platform: 'linux', env: fakeNvidiaSmiEnv(fixture) } }),
      history: new BenchmarkHistory(new JsonFileStore(path.join(dir, `benchmarks-${services}.json`)), new RecordingLogger()),
      dataDir: dir,
      clock: { now: () => Date.now() },
      logger: new RecordingLogger(),
      events: { publish: (event, data) => void (event === 'gpu.benchmark.progress' ? progress.push(data as BenchmarkProgress) : event === 'gpu.benchmark.finished' && finished.push(data as BenchmarkResult)) },
      options: { runs: 2, diskBytes: 2 * 1024 * 1024, pings: 3, downloadBytes: 200_000, uploadBytes: 100_000, telemetryIntervalMs: 100 },
    });
  }

  it('measures system, network and GPU, reports progress to 100 %, and stores the result', async () => {
    const image = await buildBenchmarkStandIn('rtx-3060');
    const progress: BenchmarkProgress[] = [];
    const finished: BenchmarkResult[] = [];
    const bench = service(image, 'rtx-3060', progress, finished);
    const result = BenchmarkResultSchema.parse(await bench.run(['system', 'network', 'gpu']));

    expect(result.errors).toEqual([]);
    expect(result.outcome).toBe('completed');
    expect(result.driverVersion).toBe('550.54.14');
    expect(result.system?.diskWriteMBps.runs).toBe(2);
    expect(result.system!.diskReadMBps.median).toBeGreaterThan(0);
    expect(result.network).toMatchObject({ gridUrl: grid.url, latencyMs: { runs: 3 }, downloadMbps: { runs: 2 } });
    expect(result.gpus).toHaveLength(1);
    expect(result.gpus[0]).toMatchObject({
      model: 'rtx-3060',
      verdict: 'as-expected',
      fp16TensorTflops: { median: 45.119, min: 44.812, max: 45.307, runs: 3 },
      memoryBandwidthGBs: { median: 319.6 },
    });
    expect(result.gpus[0]!.ratios!.memoryBandwidthGBs).toBeCloseTo(319.6 / 360, 3);

    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(new Set(progress.map((p) => p.part))).toEqual(new Set(['system', 'network', 'gpu']));
    expect(progress.some((p) => /GPU 0: fp16 tensor run 1 of 3/.test(p.step))).toBe(true);
    expect(finished).toEqual([result]);

    const stored = JSON.parse(await readFile(path.join(dir, 'benchmarks-1.json'), 'utf8')) as { results: BenchmarkResult[] };
    expect(stored.results[0]).toEqual(result);
    expect(await bench.history()).toEqual([result]);
    // Other test files run probes too (same label): theirs come and go; none may stay.
    await expect.poll(() => h.engine.listContainers({ [LABEL_JOB]: 'gridhost-gpu-benchmark' }), { timeout: 15_000 }).toEqual([]);
  });

  it('builds the image from its sources when it cannot be fetched, then runs it', async () => {
    const tag = `gridhost-test/benchmark-built:${process.pid}`;
    const folder = await standInSources('rtx-3060');
    const progress: BenchmarkProgress[] = [];
    try {
      const bench = new BenchmarkService({
        ...serviceDeps(service(tag, 'rtx-3060', progress)),
        gpuImageSource: { builder: new DockerImageBuilder(), folder },
      });
      const result = await bench.run(['gpu']);
      expect(result.errors).toEqual([]);
      expect(result.gpus[0]?.fp16TensorTflops?.median).toBeGreaterThan(0);
      expect(progress.some((p) => p.step.startsWith('Building the benchmark image'))).toBe(true);
      expect(await h.engine.inspectImage(tag)).not.toBeNull();
    } finally {
      await rm(folder, { recursive: true, force: true });
      await h.engine.removeImage(tag).catch(() => undefined);
    }
  }, 120_000);

  it('says it could neither fetch nor build the image, with the command to build it by hand', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'gridhost-bench-broken-'));
    try {
      await writeFile(path.join(folder, 'Dockerfile'), 'FROM scratch\nRUN exit 3\n');
      const bench = new BenchmarkService({
        ...serviceDeps(service(`gridhost-test/benchmark-unbuildable:${process.pid}`, 'rtx-3060')),
        gpuImageSource: { builder: new DockerImageBuilder(), folder },
      });
      const result = await bench.run(['gpu']);
      expect(result.errors[0]?.message).toMatch(/could not be fetched .* nor built from its sources .*docker build -t gridhost-test\/benchmark-unbuildable/s);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('flags a power-capped card and names the cause nvidia-smi showed during the run', async () => {
    const image = await buildBenchmarkStandIn('rtx-4090-power-capped');
    const result = await service(image, 'rtx-4090').run(['gpu']);
    expect(result.gpus[0]).toMatchObject({ model: 'rtx-4090', verdict: 'underperforming' });
    expect(result.gpus[0]!.causes.map((c) => c.cause)).toEqual(['power-cap']);
    expect(result.gpus[0]!.summary).toMatch(/FP16 tensor at 45 % of the specification.*power limit \(450 W\)/);
  });

  it('scores every GPU of a rig, matched to nvidia-smi by UUID', async () => {
    const image = await buildBenchmarkStandIn('rig-3x-rtx-3090-1x-rtx-3060');
    const result = await service(image, 'rig-3x-rtx-3090-1x-rtx-3060').run(['gpu']);
    expect(result.gpus.map((g) => [g.index, g.model, g.verdict])).toEqual([
      [0, 'rtx-3090', 'as-expected'],
      [1, 'rtx-3090', 'as-expected'],
      [2, 'rtx-3090', 'as-expected'],
      [3, 'rtx-3060', 'as-expected'],
    ]);
    expect(result.gpus[3]!.uuid).toBe('GPU-d4e5f607-1829-3a4b-5c6d-7e8f90011223');
    // The rig's idle telemetry shows its x1 risers, but an idle link proves nothing and the cards perform.
    expect(result.gpus.flatMap((g) => g.causes)).toEqual([]);
  });

  it('keeps what was measured when the GPU container fails mid-run, and says so', async () => {
    const image = await buildBenchmarkStandIn('failed-mid-run');
    const result = await service(image, 'rtx-3060').run(['gpu']);
    expect(result.outcome).toBe('failed');
    expect(result.gpus).toEqual([]);
    expect(result.errors.map((e) => e.message).join(' ')).toMatch(/illegal memory access.*exited with code 1 before it finished.*no fp32, bandwidth result/);
  });

  it('cancels a run: the container is removed and the result says cancelled', async () => {
    const image = await buildBenchmarkStandIn('rig-3x-rtx-3090-1x-rtx-3060');
    const finished: BenchmarkResult[] = [];
    const progress: BenchmarkProgress[] = [];
    const bench = service(image, 'rtx-3060', progress, finished);
    const id = bench.start(['gpu']);
    expect(bench.runningId()).toBe(id);
    expect(() => bench.start(['gpu'])).toThrow(/already running/);
    await expect.poll(() => progress.some((p) => p.step.startsWith('GPU 0')), { timeout: 20_000 }).toBe(true);
    expect(bench.cancel('some-other-run')).toBe(false);
    expect(bench.cancel(id)).toBe(true);
    await expect.poll(() => finished.length, { timeout: 20_000 }).toBe(1);
    expect(finished[0]).toMatchObject({ id, outcome: 'cancelled', gpus: [] });
    expect(bench.runningId()).toBeNull();
    expect(await bench.history()).toEqual([]);
    // Other test files run probes too (same label): theirs come and go; none may stay.
    await expect.poll(() => h.engine.listContainers({ [LABEL_JOB]: 'gridhost-gpu-benchmark' }), { timeout: 15_000 }).toEqual([]);
  });

  it('explains that Docker cannot give the GPU when the engine has no NVIDIA runtime', async () => {
    const image = await buildBenchmarkStandIn('rtx-3060');
    const withGpu = new BenchmarkService({ ...serviceDeps(service(image, 'rtx-3060')), requestGpus: true });
    const result = await withGpu.run(['gpu']);
    expect(result.outcome).toBe('failed');
    expect(result.errors[0]?.message).toMatch(/Docker cannot give containers the GPU .*install the NVIDIA Container Toolkit/);
  });
});

/** The dependencies a service was built with (to vary one of them). */
function serviceDeps(bench: BenchmarkService): ConstructorParameters<typeof BenchmarkService>[0] {
  return (bench as unknown as { deps: ConstructorParameters<typeof BenchmarkService>[0] }).deps;
}
