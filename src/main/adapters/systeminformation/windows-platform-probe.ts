import { execFile } from 'node:child_process';
import si from 'systeminformation';
import type { WindowsPlatformProbe } from '../../core/gpu/ports';

const WSL_TIMEOUT_MS = 10_000;

/** WSL 2 and hardware virtualization, the prerequisites of Docker Desktop's GPU support on Windows. */
export class WindowsPlatformFacts implements WindowsPlatformProbe {
  async virtualizationEnabled(): Promise<boolean | null> {
    const cpu = await si.cpu().catch(() => null);
    return typeof cpu?.virtualization === 'boolean' ? cpu.virtualization : null;
  }

  async wsl2(): Promise<{ installed: boolean; defaultVersion: number | null; detail: string } | null> {
    const result = await runWsl(['--status']);
    if (result === 'missing') return { installed: false, defaultVersion: null, detail: 'wsl.exe is not present' };
    if (result === null) return null;
    return parseWslStatus(result.code, result.output);
  }
}

/** Reads `wsl --status` (UTF-16 or UTF-8, English wording; other languages yield an unknown version). */
export function parseWslStatus(code: number, output: string): { installed: boolean; defaultVersion: number | null; detail: string } {
  const version = /Default Version:\s*(\d)/i.exec(output)?.[1];
  const notInstalled = /not installed|wsl --install/i.test(output) && version === undefined;
  return {
    installed: code === 0 && !notInstalled,
    defaultVersion: version === undefined ? null : Number(version),
    detail: output.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? `wsl --status exited ${code}`,
  };
}

function runWsl(args: string[]): Promise<{ code: number; output: string } | 'missing' | null> {
  return new Promise((resolve) => {
    execFile('wsl.exe', args, { timeout: WSL_TIMEOUT_MS, windowsHide: true, encoding: 'buffer' }, (error, stdout) => {
      const err = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (err?.code === 'ENOENT') return resolve('missing');
      if (err && typeof err.code !== 'number') return resolve(null);
      resolve({ code: typeof err?.code === 'number' ? err.code : 0, output: decode(stdout) });
    });
  });
}

// wsl.exe writes UTF-16LE unless WSL_UTF8=1 is set.
function decode(buffer: Buffer): string {
  return buffer.length >= 2 && buffer[1] === 0 ? buffer.toString('utf16le') : buffer.toString('utf8');
}
