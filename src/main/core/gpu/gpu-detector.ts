import type { DetectedGpu, NvidiaSmiStatus } from '../../../shared/contract/gpu';
import { isLaptopGpuName, matchCatalogue } from './catalogue';
import {
  ALL_FIELDS,
  CUDA_VERSION_ARGS,
  integerField,
  numberField,
  parseCudaVersion,
  parseQueryOutput,
  queryArgs,
  REQUIRED_FIELDS,
  throttleReasons,
  UnreadableOutputError,
  type GpuReading,
  type QueryField,
} from './nvidia-smi-query';
import type { CommandOutcome, NvidiaSmi } from './ports';

/** What nvidia-smi said: its state and every GPU it reported. */
export interface GpuDetection {
  nvidiaSmi: NvidiaSmiStatus;
  gpus: DetectedGpu[];
}

const DRIVER_NOT_LOADED = /couldn't communicate with the NVIDIA driver/i;
const NO_DEVICES = /No devices were found/i;
const UNKNOWN_FIELD = /Field "([^"]+)" is not a valid field to query/;
// Each retry drops one unknown field; this bounds the loop on a driver that rejects everything.
const MAX_QUERY_ATTEMPTS = ALL_FIELDS.length - REQUIRED_FIELDS.length + 2;
const isRequired = (field: string): boolean => (REQUIRED_FIELDS as readonly string[]).includes(field);

/** Reads every GPU through nvidia-smi and describes it against the catalogue. Never throws. */
export class GpuDetector {
  private cuda: { driverVersion: string; cudaVersion: string } | null = null;
  // What this driver answers, learnt once: later detections (the benchmark samples every 2 s) ask only that.
  private fields: QueryField[] = [...ALL_FIELDS];
  private readonly unknownFields: string[] = [];

  constructor(private readonly smi: NvidiaSmi) {}

  async detect(): Promise<GpuDetection> {
    // The first time, both questions go out at once; later the CUDA version is known for this driver.
    const header = this.cuda === null ? this.smi.run(CUDA_VERSION_ARGS) : null;
    const query = await this.query();
    const headerOutcome = await header;
    if (query.kind === 'failed') return { nvidiaSmi: query.status, gpus: [] };
    const driverVersion = query.readings[0]?.get('driver_version') ?? null;
    const cudaVersion = await this.cudaVersion(driverVersion, headerOutcome ?? null);
    return {
      nvidiaSmi: { state: 'ok', path: this.smi.path, message: null, fix: null, unknownFields: query.unknownFields },
      gpus: query.readings.map((reading) => describeGpu(reading, cudaVersion)),
    };
  }

  /** The CUDA version a driver supports never changes: asked once per driver version (one process fewer per detection). */
  private async cudaVersion(driverVersion: string | null, asked: CommandOutcome | null): Promise<string | null> {
    if (asked === null && driverVersion !== null && this.cuda?.driverVersion === driverVersion) return this.cuda.cudaVersion;
    const outcome = asked ?? (await this.smi.run(CUDA_VERSION_ARGS));
    const cudaVersion = outcome.kind === 'exited' && outcome.exitCode === 0 ? parseCudaVersion(outcome.stdout) : null;
    if (driverVersion !== null && cudaVersion !== null) this.cuda = { driverVersion, cudaVersion };
    return cudaVersion;
  }

  private async query(): Promise<
    | { kind: 'ok'; readings: GpuReading[]; unknownFields: string[] }
    | { kind: 'failed'; status: NvidiaSmiStatus }
  > {
    const unknownFields = this.unknownFields;
    const fail = ({ state, message, fix }: Failure) => ({
      kind: 'failed' as const,
      status: { state, path: this.smi.path, message, fix, unknownFields: [...unknownFields] },
    });

    for (let attempt = 0; attempt < MAX_QUERY_ATTEMPTS; attempt++) {
      const fields = this.fields;
      const outcome = await this.smi.run(queryArgs(fields));
      if (outcome.kind !== 'exited') return fail(notExited(outcome));
      const text = `${outcome.stdout}\n${outcome.stderr}`;
      if (outcome.exitCode === 0) {
        try {
          return { kind: 'ok', readings: parseQueryOutput(outcome.stdout, fields), unknownFields: [...unknownFields] };
        } catch (err) {
          if (!(err instanceof UnreadableOutputError)) throw err;
          return fail({
            state: 'unreadable',
            message: `nvidia-smi answered with something GridHost cannot read (${err.message}).`,
            fix: `Reinstall the NVIDIA driver (${DRIVER_INSTALL}); if it persists, export a support bundle from the Logs page and send it to us.`,
          });
        }
      }
      if (outcome.exitCode === 9 || DRIVER_NOT_LOADED.test(text)) {
        return fail({
          state: 'driver-not-loaded',
          message: 'nvidia-smi is installed but cannot talk to the NVIDIA driver: the driver is not loaded.',
          fix: `Restart the computer. If that does not help, reinstall the NVIDIA driver (${DRIVER_INSTALL}) and restart again; on Linux with Secure Boot, enroll the driver's key when asked after the reboot.`,
        });
      }
      if (outcome.exitCode === 6 || NO_DEVICES.test(text)) {
        return fail({
          state: 'no-devices',
          message: 'The NVIDIA driver is installed but sees no GPU.',
          fix: "Check that the GPU is seated and its power cables are connected, that it is enabled in the BIOS, and (laptops) that the vendor's tool has not switched the NVIDIA GPU off; then restart.",
        });
      }
      const unknown = UNKNOWN_FIELD.exec(text)?.[1];
      if (unknown !== undefined) {
        if (!unknownFields.includes(unknown)) unknownFields.push(unknown);
        if (isRequired(unknown)) break;
        if (fields.includes(unknown as QueryField)) this.fields = fields.filter((f) => f !== unknown);
        // It named a field we did not ask for: only the minimal query can still work.
        else if (fields.length > REQUIRED_FIELDS.length) this.fields = [...REQUIRED_FIELDS];
        else break;
        continue;
      }
      return fail({
        state: 'failed',
        message: `nvidia-smi failed (exit ${outcome.exitCode}: ${firstLine(text) || 'no message'}).`,
        fix: `Restart the computer; if it persists, reinstall the NVIDIA driver (${DRIVER_INSTALL}).`,
      });
    }
    return fail({
      state: 'unreadable',
      message: `This nvidia-smi rejects the fields GridHost needs (unknown: ${unknownFields.join(', ')}): the driver is too old.`,
      fix: `Update the NVIDIA driver to version 550 or newer (${DRIVER_INSTALL}).`,
    });
  }
}

interface Failure {
  state: NvidiaSmiStatus['state'];
  message: string;
  fix: string;
}

const DRIVER_INSTALL =
  "Linux: `sudo ubuntu-drivers install` or your distribution's nvidia-driver package; Windows: the current Game Ready or Studio driver from nvidia.com/drivers";

function notExited(outcome: Exclude<CommandOutcome, { kind: 'exited' }>): Failure {
  switch (outcome.kind) {
    case 'not-found':
      return {
        state: 'not-found',
        message:
          'nvidia-smi was not found, so no NVIDIA driver seems to be installed ' +
          `(looked in ${outcome.searched.slice(0, 6).join(', ')}${outcome.searched.length > 6 ? ', ...' : ''}).`,
        fix: `Install the current NVIDIA driver (${DRIVER_INSTALL}), then restart the computer.`,
      };
    case 'timed-out':
      return {
        state: 'timed-out',
        message: `nvidia-smi (${outcome.path}) did not answer within ${Math.round(outcome.timeoutMs / 1000)} s and was stopped: the driver is probably stuck.`,
        fix: `Restart the computer; if it happens again, reinstall the NVIDIA driver (${DRIVER_INSTALL}).`,
      };
    case 'failed-to-start':
      return {
        state: 'failed',
        message: `nvidia-smi (${outcome.path}) could not be started: ${outcome.message}.`,
        fix: `Reinstall the NVIDIA driver (${DRIVER_INSTALL}).`,
      };
  }
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}

/** One reading, named against the catalogue; the figures nvidia-smi did not know stay null. */
export function describeGpu(reading: GpuReading, cudaVersion: string | null): DetectedGpu {
  const name = reading.get('name') ?? '';
  const vramMiB = integerField(reading, 'memory.total') ?? 0;
  const match = matchCatalogue(name, vramMiB);
  return {
    index: integerField(reading, 'index') ?? 0,
    uuid: reading.get('uuid') ?? '',
    name,
    model: match.supported ? match.entry.id : null,
    vramMiB,
    laptop: match.supported ? match.entry.laptop : isLaptopGpuName(name),
    driverVersion: reading.get('driver_version') ?? '',
    cudaVersion,
    market: match.supported ? match.entry.market : null,
    supported: match.supported,
    reason: match.supported ? null : match.reason,
    computeCapability: reading.get('compute_cap') ?? (match.supported ? match.entry.computeCapability : null),
    busId: reading.get('pci.bus_id') ?? null,
    pcie: {
      generationCurrent: integerField(reading, 'pcie.link.gen.current'),
      generationMax: integerField(reading, 'pcie.link.gen.max'),
      widthCurrent: integerField(reading, 'pcie.link.width.current'),
      widthMax: integerField(reading, 'pcie.link.width.max'),
    },
    powerDrawW: numberField(reading, 'power.draw'),
    powerLimitW: numberField(reading, 'power.limit'),
    temperatureC: numberField(reading, 'temperature.gpu'),
    utilizationPercent: numberField(reading, 'utilization.gpu'),
    memoryUsedMiB: numberField(reading, 'memory.used'),
    clocks: {
      smMHz: numberField(reading, 'clocks.sm'),
      memoryMHz: numberField(reading, 'clocks.mem'),
      smMaxMHz: numberField(reading, 'clocks.max.sm'),
      memoryMaxMHz: numberField(reading, 'clocks.max.mem'),
    },
    throttleReasons: throttleReasons(reading),
    expected: match.supported ? match.expected : null,
  };
}
