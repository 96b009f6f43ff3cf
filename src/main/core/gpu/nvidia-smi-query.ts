/*
 * The nvidia-smi CSV query: which fields we ask for, and how one answer becomes typed readings.
 * `nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits` prints one line per GPU, values separated
 * by ", ", with "[N/A]" / "[Not Supported]" where a figure is unavailable (common on laptops).
 */

/** Fields without which a GPU cannot be described: an answer missing one is unreadable. */
export const REQUIRED_FIELDS = ['index', 'uuid', 'name', 'memory.total', 'driver_version'] as const;

/** Telemetry that older drivers or some boards lack: dropped and retried without when unknown. */
export const OPTIONAL_FIELDS = [
  'compute_cap',
  'pci.bus_id',
  'pcie.link.gen.current',
  'pcie.link.gen.max',
  'pcie.link.width.current',
  'pcie.link.width.max',
  'power.draw',
  'power.limit',
  'temperature.gpu',
  'utilization.gpu',
  'memory.used',
  'clocks.sm',
  'clocks.mem',
  'clocks.max.sm',
  'clocks.max.mem',
  'clocks_throttle_reasons.active',
] as const;

/** A field GridHost asks nvidia-smi for. */
export type QueryField = (typeof REQUIRED_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number];

/** Everything GridHost asks for, required fields first. */
export const ALL_FIELDS: readonly QueryField[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS];

/** The arguments of one CSV query of `fields` (no header, no units). */
export function queryArgs(fields: readonly string[]): string[] {
  return [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'];
}

/** One GPU's answer: every asked field, null where nvidia-smi said it does not know. */
export type GpuReading = ReadonlyMap<QueryField, string | null>;

/** nvidia-smi answered, but not with the CSV that was asked for. */
export class UnreadableOutputError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'UnreadableOutputError';
  }
}

/** "[N/A]", "[Not Supported]", "[Unknown Error]", "[Insufficient Permissions]", "N/A" mean unknown, never 0. */
function rawValue(text: string): string | null {
  const value = text.trim();
  if (value === '' || value === 'N/A' || /^\[.*\]$/.test(value)) return null;
  return value;
}

/** Parses the CSV answer to a query of `fields`; throws UnreadableOutputError on anything else. */
export function parseQueryOutput(stdout: string, fields: readonly QueryField[]): GpuReading[] {
  const lines = stdout.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new UnreadableOutputError('nvidia-smi printed nothing');
  return lines.map((line, lineNo) => {
    const cells = line.split(',');
    if (cells.length !== fields.length) {
      throw new UnreadableOutputError(
        `line ${lineNo + 1} has ${cells.length} values where ${fields.length} were asked for: "${line.slice(0, 120)}"`,
      );
    }
    const reading = new Map<QueryField, string | null>();
    fields.forEach((field, i) => reading.set(field, rawValue(cells[i] ?? '')));
    for (const field of REQUIRED_FIELDS) {
      if (fields.includes(field) && reading.get(field) == null) {
        throw new UnreadableOutputError(`line ${lineNo + 1} has no ${field}: "${line.slice(0, 120)}"`);
      }
    }
    if (!/^\d+$/.test(reading.get('index') ?? '') || !/^\d+$/.test(reading.get('memory.total') ?? '')) {
      throw new UnreadableOutputError(`line ${lineNo + 1} is not a GPU record: "${line.slice(0, 120)}"`);
    }
    return reading;
  });
}

/** A numeric telemetry value, or null when unknown or not a number. */
export function numberField(reading: GpuReading, field: QueryField): number | null {
  const value = reading.get(field);
  if (value == null || !/^-?\d+(\.\d+)?$/.test(value)) return null;
  return Number(value);
}

/** A whole-number telemetry value, or null when unknown or not whole. */
export function integerField(reading: GpuReading, field: QueryField): number | null {
  const value = numberField(reading, field);
  return value !== null && Number.isInteger(value) ? value : null;
}

/** NVML's clock event reason bits (nvml.h, nvmlClocksEventReason*), by the names nvidia-smi -q uses. */
const THROTTLE_BITS: ReadonlyArray<[bit: bigint, name: string]> = [
  [0x1n, 'gpu_idle'],
  [0x2n, 'applications_clocks_setting'],
  [0x4n, 'sw_power_cap'],
  [0x8n, 'hw_slowdown'],
  [0x10n, 'sync_boost'],
  [0x20n, 'sw_thermal_slowdown'],
  [0x40n, 'hw_thermal_slowdown'],
  [0x80n, 'hw_power_brake_slowdown'],
  [0x100n, 'display_clock_setting'],
];

/** Decodes clocks_throttle_reasons.active ("0x0000000000000004") to reason names; null when unknown. */
export function throttleReasons(reading: GpuReading): string[] | null {
  const value = reading.get('clocks_throttle_reasons.active');
  if (value == null || !/^0x[0-9a-f]+$/i.test(value)) return null;
  const mask = BigInt(value);
  return THROTTLE_BITS.filter(([bit]) => (mask & bit) !== 0n).map(([, name]) => name);
}

/** The highest CUDA version the driver supports, from the header of `nvidia-smi -q`. */
export function parseCudaVersion(qOutput: string): string | null {
  const match = /^\s*CUDA Version\s*:\s*([0-9]+\.[0-9]+)\s*$/m.exec(qOutput);
  return match?.[1] ?? null;
}

/** The shortest `-q` whose header carries the CUDA version. */
export const CUDA_VERSION_ARGS = ['-q', '-d', 'COMPUTE'];
