import { BenchmarkPartSchema, type BenchmarkPart, type BenchmarkResult, type MeasuredFigure } from '../../../shared/contract/gpu';
import { runBenchmarkThroughApi } from '../benchmark-run';
import { UsageError, withHost, type CliCommand } from '../command';

/** `gridhost benchmark`: system, network and GPU benchmarks, compared with what the GPU should reach. */
export const benchmarkCommand: CliCommand = {
  name: 'benchmark',
  summary: 'Measure disk, memory, CPU, the network to the grid, and the GPU (in a container); results are kept',
  usage: 'gridhost benchmark [--json] [--parts system,network,gpu]',
  options: {
    json: { type: 'boolean', default: false },
    parts: { type: 'string', default: 'system,network,gpu' },
  },
  async run(ctx) {
    const parts = parseParts(ctx.values.parts as string);
    return withHost(ctx, async (host) => {
      // Progress goes to stderr so that --json output stays one object on stdout.
      const result = await runBenchmarkThroughApi(host.api, parts, (p) => ctx.err(`[${String(p.percent).padStart(3)} %] ${p.part}: ${p.step}\n`));
      ctx.out(ctx.values.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
      return result.outcome === 'cancelled' ? 130 : result.outcome === 'failed' ? 1 : 0;
    });
  },
};

function parseParts(value: string): BenchmarkPart[] {
  const parts = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const bad = parts.filter((p) => !BenchmarkPartSchema.safeParse(p).success);
  if (parts.length === 0 || bad.length > 0) throw new UsageError(`--parts takes system, network and gpu separated by commas (not: ${bad.join(', ') || 'nothing'}).`);
  return parts as BenchmarkPart[];
}

const fig = (f: MeasuredFigure, unit: string) => `${f.median.toFixed(1)} ${unit} (±${(f.spreadPercent / 2).toFixed(1)} % over ${f.runs} runs)`;

/** A result for a person: each figure with its spread, each GPU against its model, and what failed. */
export function formatResult(r: BenchmarkResult): string {
  const lines = [`Benchmark ${r.outcome} at ${r.finishedAt}${r.driverVersion ? `, driver ${r.driverVersion}` : ''}`];
  if (r.system) {
    lines.push('System:');
    lines.push(`  disk write ${fig(r.system.diskWriteMBps, 'MB/s')}, read ${fig(r.system.diskReadMBps, 'MB/s')}`);
    lines.push(`  memory copy ${fig(r.system.memoryCopyGBps, 'GB/s')}`);
    lines.push(`  CPU SHA-256 ${fig(r.system.cpuSingleCoreMBps, 'MB/s')} on one core, ${fig(r.system.cpuAllCoresMBps, 'MB/s')} on all`);
  }
  if (r.network) {
    lines.push(`Network to ${r.network.gridUrl}:`);
    lines.push(`  latency ${fig(r.network.latencyMs, 'ms')}, download ${fig(r.network.downloadMbps, 'Mbit/s')}, upload ${fig(r.network.uploadMbps, 'Mbit/s')}`);
  }
  for (const g of r.gpus) {
    lines.push(`GPU #${g.index} ${g.name}:`);
    const vs = (key: 'fp16TensorTflops' | 'fp32Tflops' | 'memoryBandwidthGBs') =>
      g.expected && g.ratios ? ` of ${g.expected[key]} expected (${Math.round(g.ratios[key] * 100)} %)` : '';
    lines.push(`  FP16 tensor ${fig(g.fp16TensorTflops, 'TFLOPS')}${vs('fp16TensorTflops')}`);
    lines.push(`  FP32        ${fig(g.fp32Tflops, 'TFLOPS')}${vs('fp32Tflops')}`);
    lines.push(`  bandwidth   ${fig(g.memoryBandwidthGBs, 'GB/s')}${vs('memoryBandwidthGBs')}`);
    lines.push(`  ${g.summary}`);
  }
  for (const e of r.errors) lines.push(`${e.part}: ${e.message}`);
  return `${lines.join('\n')}\n`;
}
