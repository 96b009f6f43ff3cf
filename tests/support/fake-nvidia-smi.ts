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
