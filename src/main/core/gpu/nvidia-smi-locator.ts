import path from 'node:path';

/** The file-system reads the locator needs, injected so that every platform's layout can be tested anywhere. */
export interface LocatorFs {
  /** null when the path does not exist. */
  stat(path: string): Promise<{ isFile: boolean; mtimeMs: number } | null>;
  /** Entry names of a directory; [] when it does not exist. */
  readdir(dir: string): Promise<string[]>;
}

/** The platform, environment and file system to search. */
export interface LocatorHost {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  fs: LocatorFs;
}

/** Where nvidia-smi is, and where it was looked for. */
export interface LocatedNvidiaSmi {
  /** The executable to run, or null when none was found. */
  path: string | null;
  /** Every place looked at, in order (for the "not found" message and support logs). */
  searched: string[];
}

// WSL2 exposes the Windows driver's nvidia-smi here, often outside a service's PATH.
const LINUX_FALLBACKS = ['/usr/lib/wsl/lib/nvidia-smi'];

/**
 * Finds nvidia-smi as a user's machine has it: on PATH; on Windows also System32 (where current drivers put
 * it), the newest `DriverStore\FileRepository\*\nvidia-smi.exe` (DCH drivers), and the legacy NVSMI folder.
 */
export async function locateNvidiaSmi(host: LocatorHost): Promise<LocatedNvidiaSmi> {
  const windows = host.platform === 'win32';
  const p = windows ? path.win32 : path.posix;
  const exe = windows ? 'nvidia-smi.exe' : 'nvidia-smi';
  const pathVar = (windows ? (host.env.Path ?? host.env.PATH) : host.env.PATH) ?? '';
  const searched: string[] = [];

  const tryFile = async (candidate: string): Promise<boolean> => {
    searched.push(candidate);
    const stat = await host.fs.stat(candidate);
    return stat?.isFile === true;
  };

  for (const dir of pathVar.split(windows ? ';' : ':')) {
    const clean = dir.trim().replace(/^"(.*)"$/, '$1');
    if (clean === '') continue;
    const candidate = p.join(clean, exe);
    if (await tryFile(candidate)) return { path: candidate, searched };
  }

  if (!windows) {
    for (const candidate of LINUX_FALLBACKS) if (await tryFile(candidate)) return { path: candidate, searched };
    return { path: null, searched };
  }

  const systemRoot = host.env.SystemRoot ?? host.env.SYSTEMROOT ?? 'C:\\Windows';
  const system32 = p.join(systemRoot, 'System32', exe);
  if (await tryFile(system32)) return { path: system32, searched };

  const repository = p.join(systemRoot, 'System32', 'DriverStore', 'FileRepository');
  const newest = await newestInDriverStore(host.fs, p, repository, exe);
  searched.push(p.join(repository, '*', exe));
  if (newest) return { path: newest, searched };

  const programFiles = host.env.ProgramFiles ?? host.env.PROGRAMFILES ?? 'C:\\Program Files';
  const nvsmi = p.join(programFiles, 'NVIDIA Corporation', 'NVSMI', exe);
  if (await tryFile(nvsmi)) return { path: nvsmi, searched };
  return { path: null, searched };
}

/** Several driver packages can sit side by side in the DriverStore; the newest file is the live driver's. */
async function newestInDriverStore(fs: LocatorFs, p: path.PlatformPath, repository: string, exe: string): Promise<string | null> {
  let best: { path: string; mtimeMs: number } | null = null;
  for (const entry of await fs.readdir(repository)) {
    const candidate = p.join(repository, entry, exe);
    const stat = await fs.stat(candidate);
    if (stat?.isFile && (best === null || stat.mtimeMs > best.mtimeMs)) best = { path: candidate, mtimeMs: stat.mtimeMs };
  }
  return best?.path ?? null;
}
