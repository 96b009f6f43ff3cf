import { describe, expect, it } from 'vitest';
import { BenchmarkHistory } from '../../../../../src/main/core/benchmark/benchmark-history';
import { BenchmarkService } from '../../../../../src/main/core/benchmark/benchmark-service';
import type { MachineMeasurements, SpeedTestClient } from '../../../../../src/main/core/benchmark/ports';
import type { NvidiaSmi } from '../../../../../src/main/core/gpu/ports';
import type { BenchmarkProgress, BenchmarkResult } from '../../../../../src/shared/contract/gpu';
import { MemoryDocumentStore, RecordingLogger } from '../../../../support/core-fakes';

const measurements = (onDisk?: () => void): MachineMeasurements => {
  let run = 0;
  return {
    async disk(_dir, _bytes, signal) {
      onDisk?.();
      await new Promise((r) => setTimeout(r, 10));
      signal.throwIfAborted();
      run += 1;
      return { writeMBps: 400 + run * 10, readMBps: 900 };
    },
    memoryCopy: async () => 12,
    cpu: async () => ({ singleCoreMBps: 1500, allCoresMBps: 5800 }),
  };
};

const speedTest = (short = false): SpeedTestClient => ({
  ping: async () => 12,
  download: async (bytes) => ({ bytes: short ? bytes - 1 : bytes, ms: 100 }),
  upload: async () => ({ ms: 200 }),
});

const noSmi: NvidiaSmi = { path: null, run: async () => ({ kind: 'not-found', searched: [] }) };

function service(over: { measurements?: MachineMeasurements; speedTest?: SpeedTestClient } = {}) {
  const progress: BenchmarkProgress[] = [];
  const finished: BenchmarkResult[] = [];
  const store = new MemoryDocumentStore();
  const bench = new BenchmarkService({
    measurements: over.measurements ?? measurements(),
    speedTest: () => ({ gridUrl: 'http://grid.test', client: over.speedTest ?? speedTest() }),
    engine: null,
    containers: { runUtility: () => Promise.reject(new Error('no container may run without an engine')) },
    gpuImage: 'gridhost/benchmark:1',
    nvidiaSmi: noSmi,
    history: new BenchmarkHistory(store, new RecordingLogger()),
    dataDir: '/data',
    clock: { now: () => Date.UTC(2026, 10, 25, 10) },
    logger: new RecordingLogger(),
    events: { publish: (event, data) => void (event === 'gpu.benchmark.progress' ? progress.push(data as BenchmarkProgress) : event === 'gpu.benchmark.finished' && finished.push(data as BenchmarkResult)) },
    options: { runs: 3, uploadBytes: 1_000_000, downloadBytes: 2_000_000 },
  });
  return { bench, progress, finished, store };
}

describe('BenchmarkService', () => {
  it('summarises repeated runs: median and spread, and throughput in Mbit/s', async () => {
    const { bench } = service();
    const result = await bench.run(['system', 'network']);
    expect(result.outcome).toBe('completed');
    expect(result.system?.diskWriteMBps).toEqual({ median: 420, min: 410, max: 430, runs: 3, spreadPercent: 4.762 });
    // 2 MB in 100 ms = 160 Mbit/s; 1 MB in 200 ms = 40 Mbit/s.
    expect(result.network).toMatchObject({ gridUrl: 'http://grid.test', downloadMbps: { median: 160 }, uploadMbps: { median: 40 }, latencyMs: { runs: 7 } });
  });

  it('says why the GPU part cannot run without a container engine, and keeps the other parts (partial)', async () => {
    const { bench, store } = service();
    const result = await bench.run(['system', 'gpu']);
    expect(result.outcome).toBe('partial');
    expect(result.errors).toEqual([{ part: 'gpu', message: expect.stringMatching(/No container engine is configured/) }]);
    expect((store.value as { results: BenchmarkResult[] }).results[0]?.id).toBe(result.id);
  });

  it('refuses a download that did not deliver what was asked, rather than report a wrong figure', async () => {
    const { bench } = service({ speedTest: speedTest(true) });
    const result = await bench.run(['network']);
    expect(result.outcome).toBe('failed');
    expect(result.errors[0]?.message).toMatch(/sent 1999999 bytes where 2000000 were asked for/);
  });

  it('cancels between measurements: nothing stored, outcome cancelled', async () => {
    // The second disk measurement cancels the run it belongs to.
    const run: { bench?: BenchmarkService; id: string } = { id: '' };
    let disks = 0;
    const setup = service({ measurements: measurements(() => (disks += 1) === 2 && run.bench!.cancel(run.id)) });
    run.bench = setup.bench;
    run.id = setup.bench.start(['system', 'network']);
    await expect.poll(() => setup.finished.length).toBe(1);
    expect(setup.finished[0]).toMatchObject({ id: run.id, outcome: 'cancelled', system: null, network: null });
    expect(setup.store.value).toBeNull();
    expect(setup.bench.runningId()).toBeNull();
  });

  it('reports progress that only moves forward, per part', async () => {
    const { bench, progress } = service();
    await bench.run(['system', 'network']);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress[0]).toMatchObject({ part: 'system', step: 'Disk write and read', percent: 0 });
    expect(progress.some((p) => p.part === 'network' && p.step === 'Upload')).toBe(true);
  });
});
