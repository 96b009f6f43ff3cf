import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeMachineMeasurements } from '../../../src/main/adapters/systeminformation/node-machine-measurements';

describe('NodeMachineMeasurements on this machine', () => {
  const m = new NodeMachineMeasurements({ windowMs: 60 });

  it('measures disk write and read in the folder and leaves no scratch file behind', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gridhost-disk-'));
    try {
      const disk = await m.disk(dir, 6 * 1024 * 1024, new AbortController().signal);
      expect(disk.writeMBps).toBeGreaterThan(0);
      expect(disk.readMBps).toBeGreaterThan(0);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('measures memory copy and SHA-256 throughput on one core and on all', async () => {
    const signal = new AbortController().signal;
    expect(await m.memoryCopy(signal)).toBeGreaterThan(0.1);
    const cpu = await m.cpu(signal);
    expect(cpu.singleCoreMBps).toBeGreaterThan(0);
    // How much more all cores give depends on what else this machine runs; both must be real figures.
    expect(cpu.allCoresMBps).toBeGreaterThan(0);
  });

  it('stops at once when cancelled, and still removes its scratch file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gridhost-disk-'));
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(m.disk(dir, 64 * 1024 * 1024, controller.signal)).rejects.toThrow(/abort/i);
      await expect(m.cpu(controller.signal)).rejects.toThrow(/abort/i);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
