import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { locateNvidiaSmi, type LocatorFs, type LocatorHost } from '../../core/gpu/nvidia-smi-locator';
import type { CommandOutcome, NvidiaSmi } from '../../core/gpu/ports';

/** The real file system, as the locator reads it. */
export const nodeLocatorFs: LocatorFs = {
  async stat(path) {
    try {
      const s = await stat(path);
      return { isFile: s.isFile(), mtimeMs: s.mtimeMs };
    } catch {
      return null;
    }
  },
  async readdir(dir) {
    try {
      return await readdir(dir);
    } catch {
      return [];
    }
  },
};

/** The timeout, and the host to search (tests point it at a fake). */
export interface NvidiaSmiProcessOptions {
  /** A hung nvidia-smi (a stuck driver does that) is killed after this long. Default 10 s. */
  timeoutMs?: number;
  host?: Partial<LocatorHost>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Runs the machine's nvidia-smi asynchronously (never a synchronous call), killing it when it hangs. */
export class NvidiaSmiProcess implements NvidiaSmi {
  private located: string | null = null;
  private readonly timeoutMs: number;
  private readonly host: LocatorHost;

  constructor(options: NvidiaSmiProcessOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.host = { platform: process.platform, env: process.env, fs: nodeLocatorFs, ...options.host };
  }

  get path(): string | null {
    return this.located;
  }

  async run(args: readonly string[]): Promise<CommandOutcome> {
    if (this.located === null) {
      const found = await locateNvidiaSmi(this.host);
      if (found.path === null) return { kind: 'not-found', searched: found.searched };
      this.located = found.path;
    }
    const path = this.located;
    const outcome = await this.exec(path, args);
    // The driver may have been removed or moved since the last run: look again next time.
    if (outcome.kind === 'failed-to-start') this.located = null;
    return outcome;
  }

  private exec(path: string, args: readonly string[]): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      execFile(
        path,
        args,
        { env: this.host.env as NodeJS.ProcessEnv, timeout: this.timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error === null) return resolve({ kind: 'exited', exitCode: 0, stdout, stderr });
          const err = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string | null };
          if (err.killed === true && err.signal === 'SIGKILL') return resolve({ kind: 'timed-out', path, timeoutMs: this.timeoutMs });
          if (typeof err.code === 'number') return resolve({ kind: 'exited', exitCode: err.code, stdout, stderr });
          resolve({ kind: 'failed-to-start', path, message: err.message });
        },
      );
    });
  }
}
