import { describe, expect, it } from 'vitest';
import { locateNvidiaSmi, type LocatorFs } from '../../../../../src/main/core/gpu/nvidia-smi-locator';

/** An in-memory file system: file path -> mtime. */
function memoryFs(files: Record<string, number>): LocatorFs {
  return {
    async stat(p) {
      return p in files ? { isFile: true, mtimeMs: files[p]! } : null;
    },
    async readdir(dir) {
      const prefix = dir.endsWith('\\') ? dir : `${dir}\\`;
      const names = Object.keys(files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split('\\')[0]!);
      return [...new Set(names)];
    },
  };
}

describe('locateNvidiaSmi', () => {
  it('finds it on PATH on Linux', async () => {
    const found = await locateNvidiaSmi({
      platform: 'linux',
      env: { PATH: '/usr/local/bin:/usr/bin' },
      fs: memoryFs({ '/usr/bin/nvidia-smi': 1 }),
    });
    expect(found.path).toBe('/usr/bin/nvidia-smi');
    expect(found.searched).toEqual(['/usr/local/bin/nvidia-smi', '/usr/bin/nvidia-smi']);
  });

  it("falls back to WSL2's driver folder and reports everything it searched when absent", async () => {
    const wsl = await locateNvidiaSmi({ platform: 'linux', env: { PATH: '/usr/bin' }, fs: memoryFs({ '/usr/lib/wsl/lib/nvidia-smi': 1 }) });
    expect(wsl.path).toBe('/usr/lib/wsl/lib/nvidia-smi');
    const none = await locateNvidiaSmi({ platform: 'linux', env: { PATH: '/usr/bin' }, fs: memoryFs({}) });
    expect(none).toEqual({ path: null, searched: ['/usr/bin/nvidia-smi', '/usr/lib/wsl/lib/nvidia-smi'] });
  });

  it('prefers PATH, then System32 on Windows', async () => {
    const fs = memoryFs({ 'C:\\Windows\\System32\\nvidia-smi.exe': 1, 'D:\\tools\\nvidia-smi.exe': 1 });
    const onPath = await locateNvidiaSmi({ platform: 'win32', env: { Path: '"D:\\tools";C:\\Windows', SystemRoot: 'C:\\Windows' }, fs });
    expect(onPath.path).toBe('D:\\tools\\nvidia-smi.exe');
    const sys = await locateNvidiaSmi({ platform: 'win32', env: { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows' }, fs });
    expect(sys.path).toBe('C:\\Windows\\System32\\nvidia-smi.exe');
  });

  it("takes the newest DriverStore copy when System32 has none", async () => {
    const repo = 'C:\\Windows\\System32\\DriverStore\\FileRepository';
    const fs = memoryFs({
      [`${repo}\\nv_dispi.inf_amd64_old\\nvidia-smi.exe`]: 1_000,
      [`${repo}\\nv_dispi.inf_amd64_new\\nvidia-smi.exe`]: 9_000,
      [`${repo}\\nvhm.inf_amd64_mid\\nvidia-smi.exe`]: 5_000,
      [`${repo}\\realtek.inf_amd64\\rt.sys`]: 20_000,
    });
    const found = await locateNvidiaSmi({ platform: 'win32', env: { Path: '', SystemRoot: 'C:\\Windows' }, fs });
    expect(found.path).toBe(`${repo}\\nv_dispi.inf_amd64_new\\nvidia-smi.exe`);
  });

  it('tries the legacy NVSMI folder last', async () => {
    const fs = memoryFs({ 'C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvidia-smi.exe': 1 });
    const found = await locateNvidiaSmi({ platform: 'win32', env: { Path: '', SystemRoot: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' }, fs });
    expect(found.path).toBe('C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvidia-smi.exe');
  });
});
