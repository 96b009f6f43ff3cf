import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/api-error';
import type {
  BenchmarkPart,
  BenchmarkResult,
  DetectedGpu,
  GpuBenchmark,
  NetworkBenchmark,
  SystemBenchmark,
} from '../../../shared/contract/gpu';
import type { EngineConnection, ImageStore, UtilityContainers } from '../containers/ports';
import { GpuDetector } from '../gpu/gpu-detector';
import type { NvidiaSmi } from '../gpu/ports';
import type { Clock, EventSink, Logger } from '../ports';
import type { BenchmarkHistory } from './benchmark-history';
import { BenchmarkOutputReader, BENCHMARK_TESTS } from './gpu-benchmark-output';
import { judgeGpu } from './gpu-benchmark-verdict';
import { GpuTelemetryRecorder } from './gpu-telemetry';
import { summarise } from './measured-figure';
import type { ImageBuilder, MachineMeasurements, SpeedTestClient } from './ports';

/** How much each part measures; tests shrink these. */
export interface BenchmarkOptions {
  /** Repeats of each measurement (the spread is over these). */
  runs: number;
  diskBytes: number;
  pings: number;
  downloadBytes: number;
  uploadBytes: number;
  telemetryIntervalMs: number;
  gpuTimeoutMs: number;
}

/** What a benchmark on the owner's machine measures. */
export const DEFAULT_BENCHMARK_OPTIONS: BenchmarkOptions = {
  runs: 3,
  diskBytes: 256 * 1024 * 1024,
  pings: 7,
  downloadBytes: 25_000_000,
  uploadBytes: 10_000_000,
  telemetryIntervalMs: 2_000,
  gpuTimeoutMs: 10 * 60_000,
};

/** What the benchmark needs from the outside, and where it reports. */
export interface BenchmarkServiceDeps {
  measurements: MachineMeasurements;
  /** The speed-test client of the grid configured now. */
  speedTest: () => { gridUrl: string; client: SpeedTestClient };
  /** The container engine (to reach it and fetch the image); null where there is none. */
  engine: (Pick<EngineConnection, 'ping'> & ImageStore) | null;
  /** Runs the benchmark container (the container supervisor). */
  containers: UtilityContainers;
  /** The GPU benchmark image (built from assets/benchmark). */
  gpuImage: string;
  /** Builds the GPU benchmark image from its sources when it cannot be fetched; absent where they are not shipped. */
  gpuImageSource?: { builder: ImageBuilder; folder: string } | null;
  /** Ask the engine for the GPUs; false only for stand-in images in tests. Default true. */
  requestGpus?: boolean;
  nvidiaSmi: NvidiaSmi;
  history: BenchmarkHistory;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Where `gpu.benchmark.progress` and `gpu.benchmark.finished` go. */
  events: EventSink;
  options?: Partial<BenchmarkOptions>;
}

/** Share of the progress bar each part takes, when it runs. */
const WEIGHT: Record<BenchmarkPart, number> = { system: 30, network: 20, gpu: 50 };

class PartError extends Error {}

/**
 * Runs the system, network and GPU benchmarks, one run at a time, reporting progress and honouring
 * cancellation; stores each result (time, driver version, spread over repeated runs) in the history.
 */
export class BenchmarkService {
  private current: { id: string; controller: AbortController; done: Promise<BenchmarkResult> } | null = null;
  private readonly options: BenchmarkOptions;
  private readonly detector: GpuDetector;

  constructor(private readonly deps: BenchmarkServiceDeps) {
    this.options = { ...DEFAULT_BENCHMARK_OPTIONS, ...deps.options };
    this.detector = new GpuDetector(deps.nvidiaSmi);
  }

  /** The id of the run in progress, or null. */
  runningId(): string | null {
    return this.current?.id ?? null;
  }

  history(): Promise<BenchmarkResult[]> {
    return this.deps.history.list();
  }

  /** Starts a run in the background; progress and the result arrive through the callbacks. */
  start(parts: readonly BenchmarkPart[]): string {
    if (this.current) throw new ApiError('busy', 'A benchmark is already running; wait for it or cancel it first.');
    const id = randomUUID();
    const controller = new AbortController();
    const done = this.execute(id, parts, controller.signal).finally(() => {
      this.current = null;
    });
    this.current = { id, controller, done };
    return id;
  }

  /** Starts a run and waits for its result (the CLI's way). */
  run(parts: readonly BenchmarkPart[]): Promise<BenchmarkResult> {
    this.start(parts);
    return this.current!.done;
  }

  /** Cancels the run `id`; false when it is not the one running. */
  cancel(id: string): boolean {
    if (this.current?.id !== id) return false;
    this.current.controller.abort();
    return true;
  }

  private async execute(id: string, parts: readonly BenchmarkPart[], signal: AbortSignal): Promise<BenchmarkResult> {
    const startedAt = new Date(this.deps.clock.now()).toISOString();
    const selected = (['system', 'network', 'gpu'] as const).filter((p) => parts.includes(p));
    const total = selected.reduce((sum, p) => sum + WEIGHT[p], 0);
    let offset = 0;
    const progress = (part: BenchmarkPart, step: string, fraction: number) =>
      this.deps.events.publish('gpu.benchmark.progress', { runId: id, part, step, percent: Math.min(100, Math.round(((offset + WEIGHT[part] * fraction) / total) * 100)) });

    const result: BenchmarkResult = {
      id, startedAt, finishedAt: startedAt, outcome: 'completed', driverVersion: null, system: null, network: null, gpus: [], errors: [],
    };
    for (const part of selected) {
      if (signal.aborted) break;
      try {
        if (part === 'system') result.system = await this.system(signal, (s, f) => progress('system', s, f));
        if (part === 'network') result.network = await this.network(signal, (s, f) => progress('network', s, f));
        if (part === 'gpu') {
          const gpu = await this.gpu(signal, (s, f) => progress('gpu', s, f));
          result.gpus = gpu.gpus;
          result.driverVersion = gpu.driverVersion;
          for (const message of gpu.errors) result.errors.push({ part: 'gpu', message });
        }
      } catch (err) {
        if (signal.aborted) break;
        result.errors.push({ part, message: err instanceof PartError ? err.message : `${part} benchmark failed: ${(err as Error).message}` });
        this.deps.logger.warn('benchmark part failed', { part, error: (err as Error).message });
      }
      offset += WEIGHT[part];
    }
    if (result.driverVersion === null) result.driverVersion = (await this.detector.detect()).gpus[0]?.driverVersion ?? null;
    result.finishedAt = new Date(this.deps.clock.now()).toISOString();
    const measured = Number(result.system !== null) + Number(result.network !== null) + Number(result.gpus.length > 0);
    result.outcome = signal.aborted ? 'cancelled' : result.errors.length === 0 ? 'completed' : measured > 0 ? 'partial' : 'failed';
    if (!signal.aborted) await this.deps.history.add(result).catch((err: Error) => this.deps.logger.error('benchmark result not saved', { error: err.message }));
    this.deps.events.publish('gpu.benchmark.finished', result);
    return result;
  }

  private async system(signal: AbortSignal, progress: (step: string, fraction: number) => void): Promise<SystemBenchmark> {
    const { runs, diskBytes } = this.options;
    const m = this.deps.measurements;
    const disk = { write: [] as number[], read: [] as number[] };
    const memory: number[] = [];
    const single: number[] = [];
    const all: number[] = [];
    for (let run = 0; run < runs; run++) {
      progress('Disk write and read', run / runs / 3);
      const d = await m.disk(this.deps.dataDir, diskBytes, signal);
      disk.write.push(d.writeMBps);
      disk.read.push(d.readMBps);
    }
    for (let run = 0; run < runs; run++) {
      progress('Memory', (1 + run / runs) / 3);
      memory.push(await m.memoryCopy(signal));
    }
    for (let run = 0; run < runs; run++) {
      progress('CPU', (2 + run / runs) / 3);
      const c = await m.cpu(signal);
      single.push(c.singleCoreMBps);
      all.push(c.allCoresMBps);
    }
    return {
      diskWriteMBps: summarise(disk.write),
      diskReadMBps: summarise(disk.read),
      memoryCopyGBps: summarise(memory),
      cpuSingleCoreMBps: summarise(single),
      cpuAllCoresMBps: summarise(all),
    };
  }

  private async network(signal: AbortSignal, progress: (step: string, fraction: number) => void): Promise<NetworkBenchmark> {
    const { runs, pings, downloadBytes, uploadBytes } = this.options;
    const { gridUrl, client } = this.deps.speedTest();
    const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        if (signal.aborted) throw err;
        throw new PartError(`The grid at ${gridUrl} did not answer the ${what} test (${(err as Error).message}). Check the internet connection and the grid address in Settings, then run the benchmark again.`);
      }
    };
    const latency: number[] = [];
    for (let i = 0; i < pings; i++) {
      progress('Latency', i / pings / 3);
      latency.push(await guard('latency', () => client.ping(signal)));
    }
    const download: number[] = [];
    for (let run = 0; run < runs; run++) {
      progress('Download', (1 + run / runs) / 3);
      const d = await guard('download', () => client.download(downloadBytes, signal));
      if (d.bytes !== downloadBytes) throw new PartError(`The grid sent ${d.bytes} bytes where ${downloadBytes} were asked for; the download figure would be wrong.`);
      download.push(mbps(d.bytes, d.ms));
    }
    const upload: number[] = [];
    for (let run = 0; run < runs; run++) {
      progress('Upload', (2 + run / runs) / 3);
      const u = await guard('upload', () => client.upload(uploadBytes, signal));
      upload.push(mbps(uploadBytes, u.ms));
    }
    return { gridUrl, latencyMs: summarise(latency), downloadMbps: summarise(download), uploadMbps: summarise(upload) };
  }

  /** Fetches the benchmark image, or builds it from the sources GridHost ships (first run only). */
  private async ensureGpuImage(engine: ImageStore, image: string, signal: AbortSignal, progress: (step: string, fraction: number) => void): Promise<void> {
    let fetchProblem: string;
    try {
      if ((await engine.inspectImage(image)) !== null) return;
      progress('Fetching the benchmark image', 0.02);
      await engine.pull(image, null, () => undefined);
      return;
    } catch (err) {
      fetchProblem = (err as Error).message;
    }
    const source = this.deps.gpuImageSource;
    const manual = `docker build -t ${image} ${source?.folder ?? 'assets/benchmark'}`;
    if (!source) {
      throw new PartError(
        `The GPU benchmark image ${image} is not on this machine and could not be fetched (${fetchProblem}). ` +
          `Check the internet connection and run the benchmark again, or build the image from the GridHost sources: ${manual}`,
      );
    }
    progress('Building the benchmark image (first run only; several minutes)', 0.03);
    this.deps.logger.info('building the GPU benchmark image', { image, folder: source.folder, fetchProblem });
    try {
      await source.builder.build(source.folder, image, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new PartError(
        `The GPU benchmark image ${image} could not be fetched (${fetchProblem}) nor built from its sources (${(err as Error).message}). ` +
          `Building needs the internet once, for NVIDIA's CUDA base image. Check the connection and run the benchmark again, or build it yourself: ${manual}`,
      );
    }
  }

  private async gpu(
    signal: AbortSignal,
    progress: (step: string, fraction: number) => void,
  ): Promise<{ gpus: GpuBenchmark[]; driverVersion: string | null; errors: string[] }> {
    const engine = this.deps.engine;
    if (engine === null) throw new PartError('No container engine is configured, so the GPU cannot be benchmarked. Fix the Docker checks on the Hardware page first.');
    const image = this.deps.gpuImage;
    progress('Checking the GPU', 0);
    const before = await this.detector.detect();
    try {
      // (Re)connects: the engine may have started, or moved, since GridHost last spoke to it.
      await engine.ping();
    } catch (err) {
      throw new PartError(`Docker is not reachable, so the GPU cannot be benchmarked (${(err as Error).message}). Fix the Docker engine check on the Hardware page, then run the benchmark again.`);
    }
    await this.ensureGpuImage(engine, image, signal, progress);

    const telemetry = new GpuTelemetryRecorder();
    let sampling = false;
    // One nvidia-smi at a time: a slow driver must not pile samples up.
    const sample = async () => {
      if (sampling) return;
      sampling = true;
      try {
        telemetry.add((await this.detector.detect()).gpus);
      } finally {
        sampling = false;
      }
    };
    const timer = setInterval(() => void sample(), this.options.telemetryIntervalMs);
    const reader = new BenchmarkOutputReader();
    const devices = new Set<number>();
    let steps = 0;
    const run = await this.deps.containers.runUtility({
      image,
      name: 'gridhost-gpu-benchmark',
      env: ['CUDA_DEVICE_ORDER=PCI_BUS_ID', `BENCH_RUNS=${this.options.runs}`],
      requestGpus: this.deps.requestGpus ?? true,
      timeoutMs: this.options.gpuTimeoutMs,
      signal,
      onLine: (line) => {
        const message = reader.push(line);
        if (message?.event === 'device') devices.add(message.index);
        if (message?.event === 'progress') {
          steps += 1;
          const perDevice = BENCHMARK_TESTS.length * message.runs;
          progress(`GPU ${message.index}: ${message.test.replace('_', ' ')} run ${message.run} of ${message.runs}`, 0.05 + (0.95 * steps) / (perDevice * Math.max(1, devices.size)));
          void sample();
        }
      },
    }).finally(() => clearInterval(timer));

    if (run.kind === 'aborted') throw new Error('cancelled');
    if (run.kind === 'refused') {
      throw new PartError(
        /could not select device driver "[^"]*" with capabilities/i.test(run.message)
          ? `Docker cannot give containers the GPU (${run.message}): install the NVIDIA Container Toolkit (see the readiness checks), then run the benchmark again.`
          : `The GPU benchmark container could not start: ${run.message}`,
      );
    }
    if (run.kind === 'timed-out') throw new PartError(`The GPU benchmark did not finish within ${Math.round(this.options.gpuTimeoutMs / 60_000)} minutes and was stopped. Close other GPU programs and try again.`);
    const output = reader.result();
    const errors = [...output.errors];
    if (run.exitCode !== 0 || !output.done) {
      errors.push(`The GPU benchmark container exited with code ${run.exitCode}${output.done ? '' : ' before it finished'}.`);
    }
    if (output.devices.length === 0) {
      const stray = output.strayLines.length > 0 ? ` It printed: ${output.strayLines.join(' | ')}` : '';
      throw new PartError(`The GPU benchmark reported no GPU.${stray} ${errors.join(' ')}`.trim());
    }
    const gpus: GpuBenchmark[] = [];
    for (const device of output.devices) {
      const detected = matchDetected(before.gpus, device.uuid, device.index);
      try {
        gpus.push(judgeGpu(device, detected, telemetry.for(detected?.uuid ?? device.uuid)));
      } catch (err) {
        errors.push(`GPU ${device.index} (${device.name}): ${(err as Error).message}.`);
      }
    }
    progress('Done', 1);
    return { gpus, driverVersion: before.gpus[0]?.driverVersion ?? null, errors };
  }
}

function matchDetected(gpus: readonly DetectedGpu[], uuid: string | null, index: number): DetectedGpu | null {
  return gpus.find((g) => uuid !== null && g.uuid === uuid) ?? gpus.find((g) => g.index === index) ?? null;
}

function mbps(bytes: number, ms: number): number {
  return (bytes * 8) / 1e6 / (Math.max(ms, 0.001) / 1000);
}
