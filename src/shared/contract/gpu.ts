import { z } from 'zod';
import { event, request } from './define';

/*
 * The hardware domain: what the machine has (GPUs, system), whether it is ready to host (readiness checks),
 * and how fast it really is (benchmarks). Schemas here are the one definition of these shapes: the core
 * builds them, the CLI prints them, the renderer shows them.
 */

const NoParams = z.object({}).strict();

/** A figure nvidia-smi or the OS could not give ("[N/A]", "[Not Supported]"): null means unknown, never 0. */
const unknownable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** One readiness check: what was found, and what a non-expert should do about it. */
export const ReadinessCheckSchema = z.object({
  id: z.string(),
  /** Short name for a checklist ("NVIDIA driver"). */
  title: z.string(),
  status: CheckStatusSchema,
  /** What was found, in the owner's words. */
  message: z.string(),
  /** What to do, with the exact command or setting; null when nothing needs doing. */
  fix: z.string().nullable(),
});
export type ReadinessCheck = z.infer<typeof ReadinessCheckSchema>;

/** LLM token rates a model should reach (gpus.md, "Measured LLM throughput"). */
export const LlmExpectationSchema = z.object({
  generationTokensPerSecond: z.number(),
  promptTokensPerSecond: z.number().nullable(),
  /** 'measured' comes from the public tables; 'estimate' is 0.65 x the bandwidth ceiling. */
  source: z.enum(['measured', 'estimate']),
  /** What was measured (model and quantisation), for the label. */
  basis: z.string(),
});
export type LlmExpectation = z.infer<typeof LlmExpectationSchema>;

/** What a catalogue model should reach, from NVIDIA's published specifications. */
export const GpuExpectationSchema = z.object({
  computeCapability: z.string(),
  vramGiB: z.number(),
  memoryBandwidthGBs: z.number(),
  fp16TensorTflops: z.number(),
  fp32Tflops: z.number(),
  boardPowerW: z.number(),
  llm: LlmExpectationSchema,
});
export type GpuExpectation = z.infer<typeof GpuExpectationSchema>;

export const DetectedGpuSchema = z.object({
  index: z.number().int(),
  uuid: z.string(),
  /** The name exactly as nvidia-smi reports it. */
  name: z.string(),
  /** Catalogue id (gpus.md), or null when the GPU is not in the catalogue. */
  model: z.string().nullable(),
  vramMiB: z.number().int(),
  /** True when the GPU is a laptop part. */
  laptop: z.boolean(),
  driverVersion: z.string(),
  /** Highest CUDA version the driver supports (nvidia-smi's header), or null when unknown. */
  cudaVersion: z.string().nullable(),
  /** Market slug from the catalogue, or null. */
  market: z.string().nullable(),
  supported: z.boolean(),
  /** Why the GPU is not supported (null when it is). */
  reason: z.string().nullable(),
  computeCapability: unknownable(z.string()),
  busId: unknownable(z.string()),
  pcie: z.object({
    generationCurrent: unknownable(z.number().int()),
    generationMax: unknownable(z.number().int()),
    widthCurrent: unknownable(z.number().int()),
    widthMax: unknownable(z.number().int()),
  }),
  powerDrawW: unknownable(z.number()),
  powerLimitW: unknownable(z.number()),
  temperatureC: unknownable(z.number()),
  utilizationPercent: unknownable(z.number()),
  memoryUsedMiB: unknownable(z.number()),
  clocks: z.object({
    smMHz: unknownable(z.number()),
    memoryMHz: unknownable(z.number()),
    smMaxMHz: unknownable(z.number()),
    memoryMaxMHz: unknownable(z.number()),
  }),
  /** Active clock throttle reasons by name (e.g. 'sw_power_cap'); null when unknown. */
  throttleReasons: unknownable(z.array(z.string())),
  /** What this model should reach, or null when it is not in the catalogue. */
  expected: GpuExpectationSchema.nullable(),
});
export type DetectedGpu = z.infer<typeof DetectedGpuSchema>;

export const NvidiaSmiStateSchema = z.enum([
  'ok',
  'not-found',
  'driver-not-loaded',
  'no-devices',
  'timed-out',
  'failed',
  'unreadable',
]);
export type NvidiaSmiState = z.infer<typeof NvidiaSmiStateSchema>;

/** How the nvidia-smi run went. */
export const NvidiaSmiStatusSchema = z.object({
  state: NvidiaSmiStateSchema,
  path: z.string().nullable(),
  /** What went wrong, for the owner (null when state is 'ok'). */
  message: z.string().nullable(),
  /** What to do about it, with the exact command (null when state is 'ok'). */
  fix: z.string().nullable(),
  /** Query fields this driver did not know (dropped and retried without them). */
  unknownFields: z.array(z.string()),
});
export type NvidiaSmiStatus = z.infer<typeof NvidiaSmiStatusSchema>;

export const SystemSnapshotSchema = z.object({
  cpu: z.object({ model: z.string(), cores: z.number().int(), physicalCores: z.number().int() }).nullable(),
  ramBytes: z.number().nullable(),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }).nullable(),
  dataDir: z.string(),
  diskFreeBytes: z.number().nullable(),
  /** True when a battery is present (the machine is a laptop); null when unknown. */
  laptop: z.boolean().nullable(),
});
export type SystemSnapshot = z.infer<typeof SystemSnapshotSchema>;

export const DetectionReportSchema = z.object({
  detectedAt: z.iso.datetime(),
  gpus: z.array(DetectedGpuSchema),
  checks: z.array(ReadinessCheckSchema),
  /** True only when a supported GPU is found and no check failed. */
  eligible: z.boolean(),
  nvidiaSmi: NvidiaSmiStatusSchema,
  system: SystemSnapshotSchema,
});
export type DetectionReport = z.infer<typeof DetectionReportSchema>;

// ---- benchmark ----

export const BenchmarkPartSchema = z.enum(['system', 'network', 'gpu']);
export type BenchmarkPart = z.infer<typeof BenchmarkPartSchema>;

/** A figure measured over repeated runs. */
export const MeasuredFigureSchema = z.object({
  median: z.number(),
  min: z.number(),
  max: z.number(),
  runs: z.number().int().min(1),
  /** (max - min) / median, in percent: how much the runs disagree. */
  spreadPercent: z.number(),
});
export type MeasuredFigure = z.infer<typeof MeasuredFigureSchema>;

export const SystemBenchmarkSchema = z.object({
  diskWriteMBps: MeasuredFigureSchema,
  diskReadMBps: MeasuredFigureSchema,
  memoryCopyGBps: MeasuredFigureSchema,
  /** SHA-256 megabytes per second on one core and on all cores together. */
  cpuSingleCoreMBps: MeasuredFigureSchema,
  cpuAllCoresMBps: MeasuredFigureSchema,
});
export type SystemBenchmark = z.infer<typeof SystemBenchmarkSchema>;

export const NetworkBenchmarkSchema = z.object({
  gridUrl: z.string(),
  latencyMs: MeasuredFigureSchema,
  downloadMbps: MeasuredFigureSchema,
  uploadMbps: MeasuredFigureSchema,
});
export type NetworkBenchmark = z.infer<typeof NetworkBenchmarkSchema>;

export const UnderperformanceCauseSchema = z.enum(['power-cap', 'thermal-throttle', 'pcie-link-below-max']);

export const GpuBenchmarkSchema = z.object({
  index: z.number().int(),
  uuid: z.string().nullable(),
  name: z.string(),
  model: z.string().nullable(),
  fp16TensorTflops: MeasuredFigureSchema,
  fp32Tflops: MeasuredFigureSchema,
  memoryBandwidthGBs: MeasuredFigureSchema,
  expected: GpuExpectationSchema.nullable(),
  /** Measured median / expected, per figure; null when there is nothing to compare with. */
  ratios: z
    .object({ fp16TensorTflops: z.number(), fp32Tflops: z.number(), memoryBandwidthGBs: z.number() })
    .nullable(),
  verdict: z.enum(['as-expected', 'underperforming', 'no-reference']),
  /** What nvidia-smi showed during the run that explains underperformance. */
  causes: z.array(z.object({ cause: UnderperformanceCauseSchema, detail: z.string() })),
  /** One sentence for the owner. */
  summary: z.string(),
});
export type GpuBenchmark = z.infer<typeof GpuBenchmarkSchema>;

export const BenchmarkResultSchema = z.object({
  id: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  outcome: z.enum(['completed', 'partial', 'cancelled', 'failed']),
  driverVersion: z.string().nullable(),
  system: SystemBenchmarkSchema.nullable(),
  network: NetworkBenchmarkSchema.nullable(),
  gpus: z.array(GpuBenchmarkSchema),
  /** Each part that could not be measured, and why (written for the owner). */
  errors: z.array(z.object({ part: BenchmarkPartSchema, message: z.string() })),
});
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

export const BenchmarkProgressSchema = z.object({
  runId: z.string(),
  part: BenchmarkPartSchema,
  /** What is being measured now, for the owner ("Disk write"). */
  step: z.string(),
  /** Of the whole run, 0 to 100. */
  percent: z.number().min(0).max(100),
});
export type BenchmarkProgress = z.infer<typeof BenchmarkProgressSchema>;

export const HardwareSnapshotSchema = z.object({
  report: DetectionReportSchema.nullable(),
  benchmark: z.object({
    runningId: z.string().nullable(),
    /** Past results, newest first. */
    history: z.array(BenchmarkResultSchema),
  }),
});
export type HardwareSnapshot = z.infer<typeof HardwareSnapshotSchema>;

export const gpuRequests = {
  'gpu.snapshot': request(
    'The last detection report (null before the first) and the benchmark state and history.',
    NoParams,
    HardwareSnapshotSchema,
  ),
  'gpu.detect': request('Detect GPUs and system and run every readiness check again.', NoParams, DetectionReportSchema),
  'gpu.benchmark.start': request(
    'Start a benchmark of the given parts (all by default); progress and the result come as events.',
    z.object({ parts: z.array(BenchmarkPartSchema).min(1).default(['system', 'network', 'gpu']) }).strict(),
    z.object({ runId: z.string() }),
  ),
  'gpu.benchmark.cancel': request(
    'Cancel the running benchmark; false when it was not running.',
    z.object({ runId: z.string() }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),
};

export const gpuEvents = {
  'gpu.detected': event('A detection finished (from any client or the host loop).', DetectionReportSchema),
  'gpu.benchmark.progress': event('The running benchmark moved on.', BenchmarkProgressSchema),
  'gpu.benchmark.finished': event('A benchmark ended (completed, partial, cancelled or failed).', BenchmarkResultSchema),
};
