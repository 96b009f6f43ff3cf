import { arch, cpus, freemem, platform, release, totalmem, type as osType } from 'node:os';

/** The operating system, CPUs, memory and runtime versions of this machine, as a support bundle shows them. */
export async function describeSystem(): Promise<Record<string, unknown>> {
  const cpuList = cpus();
  return {
    os: osType(),
    platform: platform(),
    release: release(),
    arch: arch(),
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? null,
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    freeMemoryMiB: Math.round(freemem() / 1024 / 1024),
    node: process.versions.node,
    electron: process.versions.electron ?? null,
  };
}
