import type { DetectionReport, ReadinessCheck } from '../../../shared/contract/gpu';
import { withHost, type CliCommand } from '../command';

/** `gridhost detect`: the GPUs, the system and every readiness check with its fix. */
export const detectCommand: CliCommand = {
  name: 'detect',
  summary: 'Detect the GPUs and check that this machine is ready to host (each failing check says how to fix it)',
  usage: 'gridhost detect [--json]',
  options: { json: { type: 'boolean', default: false } },
  run: (ctx) =>
    withHost(ctx, async (host) => {
      const report = await host.api.gpuDetect();
      ctx.out(ctx.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      // Detection ran: exit 0 whatever it found (a failing check is a finding, not an error of the command).
      return 0;
    }),
};

const MARK: Record<ReadinessCheck['status'], string> = { pass: '[ok]  ', warn: '[warn]', fail: '[FAIL]' };

/** The report for a person: GPUs with their figures, the system, then the checklist with fixes. */
export function formatReport(report: DetectionReport): string {
  const lines: string[] = [];
  lines.push(report.gpus.length === 0 ? `GPUs: none found (${report.nvidiaSmi.state})` : 'GPUs:');
  for (const gpu of report.gpus) {
    const where = gpu.supported ? `${gpu.model}, market ${gpu.market}` : 'not supported';
    lines.push(`  #${gpu.index} ${gpu.name} (${where})${gpu.laptop ? ' [laptop]' : ''}`);
    lines.push(`      ${(gpu.vramMiB / 1024).toFixed(1)} GiB VRAM, driver ${gpu.driverVersion}, CUDA ${gpu.cudaVersion ?? 'unknown'}, compute ${gpu.computeCapability ?? 'unknown'}`);
    const p = gpu.pcie;
    lines.push(
      `      PCIe gen ${p.generationCurrent ?? '?'}/${p.generationMax ?? '?'} x${p.widthCurrent ?? '?'}/${p.widthMax ?? '?'}, ` +
        `power ${unit(gpu.powerDrawW, 'W')} of ${unit(gpu.powerLimitW, 'W')}, ${unit(gpu.temperatureC, '°C')}, ${unit(gpu.utilizationPercent, '%')} busy`,
    );
    if (gpu.expected) {
      const e = gpu.expected;
      lines.push(`      expected: ${e.fp16TensorTflops} FP16 tensor TFLOPS, ${e.fp32Tflops} FP32 TFLOPS, ${e.memoryBandwidthGBs} GB/s, ~${e.llm.generationTokensPerSecond} tokens/s (${e.llm.source})`);
    }
    if (gpu.reason) lines.push(`      ${gpu.reason}`);
  }
  if (report.nvidiaSmi.unknownFields.length > 0) lines.push(`  (this driver's nvidia-smi does not know: ${report.nvidiaSmi.unknownFields.join(', ')})`);
  const s = report.system;
  lines.push('System:');
  lines.push(`  CPU ${s.cpu ? `${s.cpu.model} (${s.cpu.physicalCores} cores, ${s.cpu.cores} threads)` : 'unknown'}, RAM ${s.ramBytes === null ? 'unknown' : `${(s.ramBytes / 1e9).toFixed(1)} GB`}`);
  lines.push(`  OS ${s.os ? `${s.os.distro} ${s.os.release} (${s.os.arch})` : 'unknown'}${s.laptop ? ', laptop (battery present)' : ''}`);
  lines.push(`  Data folder ${s.dataDir}: ${s.diskFreeBytes === null ? 'free space unknown' : `${(s.diskFreeBytes / 1e9).toFixed(1)} GB free`}`);
  lines.push('Readiness:');
  lines.push(formatChecks(report.checks).trimEnd());
  lines.push(report.eligible ? 'This machine can host.' : 'This machine cannot host yet: fix the [FAIL] items above, then run gridhost detect again.');
  return `${lines.join('\n')}\n`;
}

/** Each check with its mark, and the fix under a check that does not pass. */
export function formatChecks(checks: ReadinessCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`  ${MARK[check.status]} ${check.title}: ${check.message}`);
    if (check.fix) for (const line of check.fix.split('\n')) lines.push(`         ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

function unit(value: number | null, suffix: string): string {
  return value === null ? 'unknown' : `${value} ${suffix}`;
}
