import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linuxPowerSupplySource } from '../../../../../src/main/adapters/linux/power-supply-source';
import { procProgramsSource } from '../../../../../src/main/adapters/linux/proc-programs-source';

let root: string | null = null;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = null;
});

/** A fake sysfs or procfs: each entry a folder of one-line files. */
async function tree(entries: Record<string, Record<string, string>>): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'gridhost-fake-sys-'));
  for (const [name, files] of Object.entries(entries)) {
    await mkdir(join(root, name));
    for (const [file, text] of Object.entries(files)) await writeFile(join(root, name, file), `${text}\n`);
  }
  return root;
}

describe('on battery, from /sys/class/power_supply', () => {
  it('a laptop unplugged is on battery; plugged in, it is not', async () => {
    const unplugged = await tree({ AC: { type: 'Mains', online: '0' }, BAT0: { type: 'Battery', status: 'Discharging' } });
    expect(await linuxPowerSupplySource(unplugged).read()).toEqual({ available: true, value: { onBattery: true } });
    await rm(unplugged, { recursive: true });
    const plugged = await tree({ AC: { type: 'Mains', online: '1' }, BAT0: { type: 'Battery', status: 'Charging' } });
    expect(await linuxPowerSupplySource(plugged).read()).toEqual({ available: true, value: { onBattery: false } });
  });

  it('a desktop without a battery, or with only a mouse battery, is never on battery', async () => {
    const desktop = await tree({ 'hid-00:11:22-battery': { type: 'Battery', status: 'Discharging', scope: 'Device' } });
    expect(await linuxPowerSupplySource(desktop).read()).toEqual({ available: true, value: { onBattery: false } });
  });

  it('without an adapter entry, trusts the battery status', async () => {
    const noAdapter = await tree({ BAT1: { type: 'Battery', status: 'Discharging' } });
    expect(await linuxPowerSupplySource(noAdapter).read()).toEqual({ available: true, value: { onBattery: true } });
  });

  it('is unavailable, with why, where the folder cannot be read', async () => {
    expect(await linuxPowerSupplySource('/nonexistent/power_supply').read()).toEqual({ available: false, why: '/nonexistent/power_supply cannot be read: ENOENT' });
  });
});

describe('running programs, from /proc/*/comm', () => {
  it('lists the names of the processes, once each, skipping what is not a process', async () => {
    const proc = await tree({ '1': { comm: 'systemd' }, '812': { comm: 'steam' }, '813': { comm: 'steam' }, '4242': { comm: 'Cyberpunk2077.e' }, self: { comm: 'x' }, '99': {} });
    const reading = await procProgramsSource(proc).read();
    expect(reading.available && [...reading.value].sort()).toEqual(['Cyberpunk2077.e', 'steam', 'systemd']);
  });

  it('reads the real /proc of this machine', async () => {
    const reading = await procProgramsSource().read();
    expect(reading.available && reading.value.length).toBeGreaterThan(0);
  });
});
