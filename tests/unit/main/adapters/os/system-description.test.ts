import { arch, cpus, platform, release, totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { describeSystem } from '../../../../../src/main/adapters/os/system-description';

describe('describeSystem', () => {
  it("describes this machine: OS, CPUs, memory in MiB and the runtime's versions", async () => {
    const system = await describeSystem();
    expect(system).toMatchObject({
      platform: platform(),
      release: release(),
      arch: arch(),
      cpus: cpus().length,
      memoryMiB: Math.round(totalmem() / 1024 / 1024),
      node: process.versions.node,
      electron: null,
    });
    expect(system.freeMemoryMiB).toBeGreaterThan(0);
    expect(system.freeMemoryMiB as number).toBeLessThanOrEqual(system.memoryMiB as number);
    expect(typeof system.os).toBe('string');
  });
});
