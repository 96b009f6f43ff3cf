import { COMPUTE_APPS_ARGS, parseComputeApps, parseProcessesXml, PROCESSES_XML_ARGS, type GpuActivity } from '../../core/gpu/nvidia-smi-processes';
import { integerField, parseQueryOutput, queryArgs, type QueryField } from '../../core/gpu/nvidia-smi-query';
import type { CommandOutcome, NvidiaSmi } from '../../core/gpu/ports';
import { signalUnavailable, signalValue, type GpuProcess, type GpuTemperature, type Signal, type SignalSource } from '../../core/sharing/ports';

const TEMPERATURE_FIELDS: QueryField[] = ['index', 'uuid', 'name', 'memory.total', 'driver_version', 'temperature.gpu'];

/** Readings this close together share one run of nvidia-smi (the processes and the temperature of one poll). */
const SHARED_READING_MS = 500;

function whyNot(outcome: CommandOutcome): string {
  switch (outcome.kind) {
    case 'not-found':
      return 'nvidia-smi was not found (is the NVIDIA driver installed?)';
    case 'timed-out':
      return `nvidia-smi did not answer within ${outcome.timeoutMs / 1000} s`;
    case 'failed-to-start':
      return `nvidia-smi could not start: ${outcome.message}`;
    default:
      return `nvidia-smi failed (exit ${outcome.exitCode}): ${(outcome.stderr || outcome.stdout).trim().slice(0, 200)}`;
  }
}

/**
 * The GPU's users and temperature from one `nvidia-smi -q -x` per poll. Where the XML cannot be had, the
 * compute processes come from `--query-compute-apps` and the temperature from `--query-gpu`.
 */
export class NvidiaSmiGpuReader {
  private last: { at: number; reading: Promise<Signal<GpuActivity>> } | null = null;

  constructor(
    private readonly nvidiaSmi: NvidiaSmi,
    private readonly now: () => number = () => performance.now(),
  ) {}

  read(): Promise<Signal<GpuActivity>> {
    const now = this.now();
    if (this.last && now - this.last.at < SHARED_READING_MS) return this.last.reading;
    const reading = this.readNow();
    this.last = { at: now, reading };
    return reading;
  }

  private async readNow(): Promise<Signal<GpuActivity>> {
    const xml = await this.nvidiaSmi.run(PROCESSES_XML_ARGS);
    if (xml.kind === 'not-found' || xml.kind === 'failed-to-start') return signalUnavailable(whyNot(xml));
    if (xml.kind === 'exited' && xml.exitCode === 0) {
      const parsed = parseProcessesXml(xml.stdout);
      if (parsed) return signalValue(parsed);
    }
    return this.readCsv(xml.kind === 'exited' && xml.exitCode === 0 ? 'nvidia-smi -q -x printed no readable XML' : whyNot(xml));
  }

  private async readCsv(xmlProblem: string): Promise<Signal<GpuActivity>> {
    const apps = await this.nvidiaSmi.run(COMPUTE_APPS_ARGS);
    const processes = apps.kind === 'exited' && apps.exitCode === 0 ? parseComputeApps(apps.stdout) : null;
    if (processes === null) return signalUnavailable(`${xmlProblem}; ${apps.kind === 'exited' && apps.exitCode === 0 ? 'the process list was unreadable' : whyNot(apps)}`);
    const temperature = await this.nvidiaSmi.run(queryArgs(TEMPERATURE_FIELDS));
    let temperatureC: number | null = null;
    if (temperature.kind === 'exited' && temperature.exitCode === 0) {
      try {
        const values = parseQueryOutput(temperature.stdout, TEMPERATURE_FIELDS)
          .map((gpu) => integerField(gpu, 'temperature.gpu'))
          .filter((c): c is number => c !== null);
        if (values.length > 0) temperatureC = Math.max(...values);
      } catch {
        temperatureC = null;
      }
    }
    return signalValue({ processes, temperatureC });
  }
}

/** nvidia-smi's compute and graphics processes (graphics ones only where `-q -x` works). */
export function nvidiaSmiProcessSource(reader: NvidiaSmiGpuReader): SignalSource<readonly GpuProcess[]> {
  return {
    id: 'gpu-processes:nvidia-smi',
    async read() {
      const reading = await reader.read();
      return reading.available ? signalValue(reading.value.processes) : reading;
    },
  };
}

/** The hottest GPU's temperature from the same reading. */
export function nvidiaSmiTemperatureSource(reader: NvidiaSmiGpuReader): SignalSource<GpuTemperature> {
  return {
    id: 'gpu-temperature:nvidia-smi',
    async read() {
      const reading = await reader.read();
      if (!reading.available) return reading;
      const celsius = reading.value.temperatureC;
      return celsius === null ? signalUnavailable('the driver does not report the GPU temperature') : signalValue({ celsius });
    },
  };
}
