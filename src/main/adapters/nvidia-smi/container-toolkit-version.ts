import { execFile } from 'node:child_process';
import { findVersion } from '../../core/gpu/version-order';

const TIMEOUT_MS = 5_000;

/**
 * The NVIDIA Container Toolkit's version on this machine: `nvidia-ctk --version` ("NVIDIA Container Toolkit
 * CLI version 1.17.8"), else `nvidia-container-cli --version` ("cli-version: 1.17.8"). Null where neither
 * answers (not installed, or Windows, where Docker Desktop manages it out of reach).
 */
export async function readContainerToolkitVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (process.platform === 'win32') return null;
  for (const command of ['nvidia-ctk', 'nvidia-container-cli']) {
    const output = await run(command, ['--version'], env);
    const version = output === null ? null : findVersion(output);
    if (version !== null) return version;
  }
  return null;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: TIMEOUT_MS, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout) => {
      resolve(error ? null : stdout);
    });
  });
}
