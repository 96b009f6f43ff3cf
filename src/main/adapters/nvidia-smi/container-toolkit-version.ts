import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
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
    // Looked up first: starting a process that does not exist still costs a fork of this one.
    const executable = await onPath(command, env.PATH ?? '');
    if (executable === null) continue;
    const output = await run(executable, ['--version'], env);
    const version = output === null ? null : findVersion(output);
    if (version !== null) return version;
  }
  return null;
}

async function onPath(command: string, pathVar: string): Promise<string | null> {
  for (const dir of pathVar.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, command);
    const found = await stat(candidate).then((s) => s.isFile(), () => false);
    if (found) return candidate;
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
