import { numberField, parseQueryOutput, queryArgs } from '../../core/gpu/nvidia-smi-query';
import type { NvidiaSmi } from '../../core/gpu/ports';
import type { PowerSource } from '../../core/earnings/job-energy-meter';

const FIELDS = ['index', 'uuid', 'name', 'memory.total', 'driver_version', 'power.draw'] as const;

/** The GPUs' power draw from `nvidia-smi --query-gpu=power.draw`, summed; null when none reports it. */
export class NvidiaSmiPowerSource implements PowerSource {
  constructor(private readonly nvidiaSmi: NvidiaSmi) {}

  async watts(): Promise<number | null> {
    const outcome = await this.nvidiaSmi.run(queryArgs(FIELDS));
    if (outcome.kind !== 'exited' || outcome.exitCode !== 0) return null;
    try {
      const draws = parseQueryOutput(outcome.stdout, [...FIELDS]).map((gpu) => numberField(gpu, 'power.draw'));
      const known = draws.filter((w): w is number => w !== null);
      return known.length === 0 ? null : known.reduce((sum, w) => sum + w, 0);
    } catch {
      return null;
    }
  }
}
