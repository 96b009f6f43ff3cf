import type { GpuLive } from '../../../shared/contract/gpu-live';
import type { Clock } from '../ports';
import { integerField, numberField, parseQueryOutput, queryArgs, type QueryField } from './nvidia-smi-query';
import type { NvidiaSmi } from './ports';

const FIELDS: QueryField[] = ['index', 'uuid', 'name', 'memory.total', 'driver_version', 'temperature.gpu', 'power.draw', 'utilization.gpu', 'memory.used'];

/** Answers within this of the last reading share it: several pages watching cost one nvidia-smi a second. */
const SHARED_MS = 900;

/**
 * The live GPU figures for the Overview's card. Read only when asked (a page that shows the card asks about
 * once a second, and stops when it is hidden), so nothing samples while nobody watches.
 */
export class GpuLiveSampler {
  private last: { at: number; reading: Promise<GpuLive> } | null = null;

  constructor(
    private readonly nvidiaSmi: NvidiaSmi,
    private readonly clock: Clock,
  ) {}

  read(): Promise<GpuLive> {
    const now = this.clock.now();
    if (this.last && now - this.last.at < SHARED_MS) return this.last.reading;
    const reading = this.readNow(now);
    this.last = { at: now, reading };
    return reading;
  }

  private async readNow(now: number): Promise<GpuLive> {
    const at = new Date(now).toISOString();
    const outcome = await this.nvidiaSmi.run(queryArgs(FIELDS));
    if (outcome.kind === 'not-found') return { at, gpus: [], problem: 'nvidia-smi was not found: install the NVIDIA driver to see the GPU here.' };
    if (outcome.kind !== 'exited' || outcome.exitCode !== 0) {
      const why = outcome.kind === 'exited' ? outcome.stderr.trim() || outcome.stdout.trim() || `exit code ${outcome.exitCode}` : outcome.kind === 'timed-out' ? 'it did not answer' : outcome.message;
      return { at, gpus: [], problem: `nvidia-smi could not read the GPU (${why}). The Hardware page's checks say what to fix.` };
    }
    try {
      const gpus = parseQueryOutput(outcome.stdout, FIELDS).map((gpu) => ({
        index: integerField(gpu, 'index') ?? 0,
        name: gpu.get('name') ?? 'NVIDIA GPU',
        temperatureC: numberField(gpu, 'temperature.gpu'),
        powerDrawW: numberField(gpu, 'power.draw'),
        utilizationPercent: numberField(gpu, 'utilization.gpu'),
        memoryUsedMiB: numberField(gpu, 'memory.used'),
        memoryTotalMiB: numberField(gpu, 'memory.total'),
      }));
      return { at, gpus, problem: null };
    } catch (err) {
      return { at, gpus: [], problem: `nvidia-smi printed figures GridHost could not read: ${(err as Error).message}` };
    }
  }
}
