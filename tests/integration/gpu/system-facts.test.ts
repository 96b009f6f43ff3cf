import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SysinfoSystemProbe } from '../../../src/main/adapters/systeminformation/system-probe';
import { parseWslStatus } from '../../../src/main/adapters/systeminformation/windows-platform-probe';

describe('SysinfoSystemProbe (systeminformation in a worker thread, statfs)', () => {
  it('reads this machine: CPU, RAM, OS, battery, and the free space of the data folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gridhost-system-'));
    const probe = new SysinfoSystemProbe();
    try {
      const snapshot = await probe.snapshot(dir);
      expect(snapshot.cpu?.cores).toBe(cpus().length);
      expect(snapshot.ramBytes).toBe(totalmem());
      expect(snapshot.os?.platform).toBe(process.platform);
      expect(typeof snapshot.laptop).toBe('boolean');
      expect(snapshot.diskFreeBytes).toBeGreaterThan(0);
      // Asked again, the same worker answers.
      expect((await probe.snapshot(dir)).ramBytes).toBe(totalmem());
    } finally {
      await probe.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('measures the nearest existing folder when the data folder does not exist yet', async () => {
    const probe = new SysinfoSystemProbe();
    try {
      const snapshot = await probe.snapshot(path.join(tmpdir(), 'gridhost-not-created-yet', 'data'));
      expect(snapshot.diskFreeBytes).toBeGreaterThan(0);
    } finally {
      await probe.close();
    }
  });
});

describe('parseWslStatus', () => {
  it('reads the default version from `wsl --status`', () => {
    expect(parseWslStatus(0, 'Default Distribution: Ubuntu\r\nDefault Version: 2\r\n')).toEqual({ installed: true, defaultVersion: 2, detail: 'Default Distribution: Ubuntu' });
    expect(parseWslStatus(0, 'Default Version: 1\n').defaultVersion).toBe(1);
  });

  it('knows WSL is missing when it asks to be installed', () => {
    const status = parseWslStatus(1, 'The Windows Subsystem for Linux is not installed. You can install by running \'wsl.exe --install\'.\n');
    expect(status).toMatchObject({ installed: false, defaultVersion: null });
  });
});
