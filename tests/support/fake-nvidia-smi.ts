import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The directory holding the fake nvidia-smi (and lspci) executables. */
export const FAKE_NVIDIA_SMI_DIR = path.resolve(__dirname, 'fake-nvidia-smi');

/** Fixture names in tests/fixtures/nvidia-smi (without .json). */
export type NvidiaSmiFixture = string;

/**
 * An environment whose PATH finds the fake nvidia-smi first and which replays `fixture`: pass it to a child
 * process, or to NvidiaSmiProcess's locator host, so that the real spawn path runs.
 */
export function fakeNvidiaSmiEnv(fixture: NvidiaSmiFixture, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    PATH: `${FAKE_NVIDIA_SMI_DIR}${path.delimiter}${base.PATH ?? ''}`,
    GRIDHOST_FAKE_NVIDIA_SMI_FIXTURE: fixture,
  };
}

/** A process as the fake nvidia-smi lists it (`type` as `-q -x` prints it; memory in MiB, null for N/A). */
export interface FakeGpuProcess {
  pid: number;
  type: 'C' | 'G' | 'C+G';
  process_name: string;
  used_memory: number | null;
}

/**
 * What the fake nvidia-smi says is on the GPU and how hot it is, kept in a file it reads at every call, so a
 * test can start a "game" while the host runs.
 */
export class FakeGpuState {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'gridhost-fake-gpu-'));
  readonly file = path.join(this.dir, 'state.json');
  private state: { processes: FakeGpuProcess[]; temperature?: number } = { processes: [] };

  constructor() {
    this.write();
  }

  setProcesses(processes: FakeGpuProcess[]): void {
    this.state.processes = processes;
    this.write();
  }

  setTemperature(celsius: number): void {
    this.state.temperature = celsius;
    this.write();
  }

  /** `fakeNvidiaSmiEnv(fixture)` plus this state. */
  env(fixture: NvidiaSmiFixture, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return { ...fakeNvidiaSmiEnv(fixture, base), GRIDHOST_FAKE_NVIDIA_SMI_STATE: this.file };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(): void {
    // Renamed over the old file, so that the fake never reads half a file.
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state));
    renameSync(temp, this.file);
  }
}
