import { z } from 'zod';

/*
 * The JSON lines the GPU benchmark container prints (assets/benchmark/bench.cu), one object per line:
 *   {"event":"device","index":0,"uuid":"GPU-...","name":"NVIDIA GeForce RTX 3060","cc":"8.6","memMiB":12288,"impl":"cublas"}
 *   {"event":"progress","index":0,"test":"fp16_tensor","run":1,"runs":5}
 *   {"event":"result","index":0,"test":"fp16_tensor","run":1,"value":48.2}
 *   {"event":"error","index":0,"message":"..."}
 *   {"event":"done"}
 * fp16_tensor and fp32 are TFLOPS (dense GEMM), bandwidth is GB/s (device-to-device copy).
 */

/** The tests bench.cu runs, in its order. */
export const BENCHMARK_TESTS = ['fp16_tensor', 'fp32', 'bandwidth'] as const;
export type BenchmarkTest = (typeof BENCHMARK_TESTS)[number];

const TestSchema = z.enum(BENCHMARK_TESTS);

/** One line of the container's output; anything else is not a benchmark message. */
export const BenchmarkLineSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('device'),
    index: z.number().int().min(0),
    uuid: z.string().nullable().optional(),
    name: z.string(),
    cc: z.string(),
    memMiB: z.number().int().min(0),
    /** 'cublas' (the image) or 'portable' (stand-in kernels where cuBLAS was absent at build time). */
    impl: z.enum(['cublas', 'portable']).default('cublas'),
  }),
  z.object({ event: z.literal('progress'), index: z.number().int().min(0), test: TestSchema, run: z.number().int().min(1), runs: z.number().int().min(1) }),
  z.object({ event: z.literal('result'), index: z.number().int().min(0), test: TestSchema, run: z.number().int().min(1), value: z.number().positive().finite() }),
  z.object({ event: z.literal('error'), index: z.number().int().min(0).optional(), message: z.string() }),
  z.object({ event: z.literal('done') }),
]);
export type BenchmarkLine = z.infer<typeof BenchmarkLineSchema>;

/** Every value one GPU reported, per test, in arrival order. */
export interface DeviceResults {
  index: number;
  uuid: string | null;
  name: string;
  computeCapability: string;
  memMiB: number;
  impl: 'cublas' | 'portable';
  values: Record<BenchmarkTest, number[]>;
}

/** A whole run's output, folded. */
export interface BenchmarkOutput {
  devices: DeviceResults[];
  errors: string[];
  done: boolean;
  /** Lines that were not benchmark JSON (kept for the error message, capped). */
  strayLines: string[];
}

/** Parses one line; null for a line that is not a benchmark message. */
export function parseBenchmarkLine(line: string): BenchmarkLine | null {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  try {
    const parsed = BenchmarkLineSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Folds the container's lines into per-device results. Results for a device never announced are ignored. */
export class BenchmarkOutputReader {
  private readonly devices = new Map<number, DeviceResults>();
  private readonly errors: string[] = [];
  private readonly stray: string[] = [];
  private done = false;

  /** Returns the parsed message (for progress), or null. */
  push(line: string): BenchmarkLine | null {
    const message = parseBenchmarkLine(line);
    if (message === null) {
      if (line.trim() !== '' && this.stray.length < 5) this.stray.push(line.trim().slice(0, 200));
      return null;
    }
    switch (message.event) {
      case 'device':
        this.devices.set(message.index, {
          index: message.index,
          uuid: message.uuid ?? null,
          name: message.name,
          computeCapability: message.cc,
          memMiB: message.memMiB,
          impl: message.impl,
          values: { fp16_tensor: [], fp32: [], bandwidth: [] },
        });
        break;
      case 'result':
        this.devices.get(message.index)?.values[message.test].push(message.value);
        break;
      case 'error':
        this.errors.push(message.index === undefined ? message.message : `GPU ${message.index}: ${message.message}`);
        break;
      case 'done':
        this.done = true;
        break;
      case 'progress':
        break;
    }
    return message;
  }

  result(): BenchmarkOutput {
    return { devices: [...this.devices.values()], errors: [...this.errors], done: this.done, strayLines: [...this.stray] };
  }
}

/** Reads a whole recorded output at once. */
export function readBenchmarkOutput(text: string): BenchmarkOutput {
  const reader = new BenchmarkOutputReader();
  for (const line of text.split(/\r?\n/)) reader.push(line);
  return reader.result();
}
