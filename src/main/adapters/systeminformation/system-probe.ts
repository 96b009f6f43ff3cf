import { statfs } from 'node:fs/promises';
import path from 'node:path';
import si from 'systeminformation';
import type { SystemSnapshot } from '../../../shared/contract/gpu';
import type { SystemProbe } from '../../core/gpu/ports';

/**
 * CPU, RAM, OS, battery through systeminformation, and the data folder's free space through statfs. Each
 * part is read concurrently and independently: a part that fails is null ("unknown"), never an exception.
 */
export class SysinfoSystemProbe implements SystemProbe {
  async snapshot(dataDir: string): Promise<SystemSnapshot> {
    const [cpu, mem, os, battery, diskFreeBytes] = await Promise.all([
      si.cpu().catch(() => null),
      si.mem().catch(() => null),
      si.osInfo().catch(() => null),
      si.battery().catch(() => null),
      freeBytes(dataDir),
    ]);
    return {
      cpu: cpu ? { model: `${cpu.manufacturer} ${cpu.brand}`.trim(), cores: cpu.cores, physicalCores: cpu.physicalCores } : null,
      ramBytes: mem?.total ?? null,
      os: os ? { platform: os.platform, distro: os.distro, release: os.release, arch: os.arch } : null,
      dataDir,
      diskFreeBytes,
      laptop: battery ? battery.hasBattery : null,
    };
  }
}

/** Free bytes for an unprivileged user on the file system holding `dir` (or its nearest existing parent). */
async function freeBytes(dir: string): Promise<number | null> {
  for (let current = dir; ; ) {
    try {
      const s = await statfs(current);
      return s.bavail * s.bsize;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return null;
      current = parent;
    }
  }
}
