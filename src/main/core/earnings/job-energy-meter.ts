import type { JobsSnapshot } from '../../../shared/contract/grid';
import type { Clock, Logger } from '../ports';

/** The GPUs' power draw now, in watts (all of them together); null when it cannot be read (no NVIDIA GPU). */
export interface PowerSource {
  watts(): Promise<number | null>;
}

/** Where a run's measured energy goes (the ledger's row, now or when it is written). */
export interface EnergySink {
  recordEnergy(runId: string, energyWh: number): void;
}

/** Seconds between power samples during a job. */
export const POWER_SAMPLE_MS = 5_000;

interface Metering {
  runId: string;
  timer: ReturnType<typeof setInterval>;
  lastAt: number;
  lastWatts: number | null;
  wattHours: number;
  samples: number;
}

/**
 * Samples the GPU's power draw while a job runs (every 5 s, from the job's start to its end, as `jobs.changed`
 * says) and keeps the run's energy in watt-hours, integrated sample to sample. A job during which no sample
 * could be read (no NVIDIA GPU: a CPU job) keeps none, and its energy is the owner's whole-machine estimate.
 */
export class JobEnergyMeter {
  private current: Metering | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly power: PowerSource,
    private readonly sink: EnergySink,
    private readonly clock: Clock,
    logger: Logger,
    private readonly intervalMs = POWER_SAMPLE_MS,
  ) {
    this.logger = logger.child({ component: 'energy' });
  }

  /** Follows the job in flight (the host's `jobs.changed`). */
  onJobs(snapshot: JobsSnapshot): void {
    const runId = snapshot.current?.runId ?? null;
    if (this.current && this.current.runId !== runId) void this.stop();
    if (runId && !this.current) this.start(runId);
  }

  private start(runId: string): void {
    const metering: Metering = { runId, timer: setInterval(() => void this.sample(metering), this.intervalMs), lastAt: this.clock.now(), lastWatts: null, wattHours: 0, samples: 0 };
    metering.timer.unref?.();
    this.current = metering;
    void this.sample(metering);
  }

  private async sample(m: Metering): Promise<void> {
    const watts = await this.power.watts().catch(() => null);
    const now = this.clock.now();
    if (watts !== null) {
      // The trapezoid between two samples; the first sample counts from the job's start at its own reading.
      const from = m.lastWatts ?? watts;
      m.wattHours += (((from + watts) / 2) * (now - m.lastAt)) / 3_600_000;
      m.lastWatts = watts;
      m.samples += 1;
    }
    m.lastAt = now;
  }

  /** Ends the metering of the run that ended, and keeps its energy when any sample was read. */
  async stop(): Promise<void> {
    const m = this.current;
    if (!m) return;
    this.current = null;
    clearInterval(m.timer);
    await this.sample(m);
    if (m.samples === 0) return;
    this.sink.recordEnergy(m.runId, m.wattHours);
    this.logger.info('job energy measured', { run: m.runId, wattHours: Math.round(m.wattHours * 10) / 10, samples: m.samples });
  }
}
