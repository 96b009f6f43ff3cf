import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { folderEntries } from './folder-entries';
import { signalUnavailable, signalValue, type PowerState, type Signal, type SignalSource } from '../../core/sharing/ports';

const SYSFS_POWER_SUPPLY = '/sys/class/power_supply';

async function attribute(dir: string, name: string): Promise<string | null> {
  try {
    return (await readFile(join(dir, name), 'utf8')).trim();
  } catch {
    return null;
  }
}

/**
 * On battery, from Linux's `/sys/class/power_supply/*`: a mains adapter (`type` Mains) that is `online` says
 * plugged in; with no adapter listed, a battery whose `status` is Discharging says on battery. A machine with
 * no battery is never on battery. Read only: the owner's power plan is never touched.
 */
export function linuxPowerSupplySource(root = SYSFS_POWER_SUPPLY): SignalSource<PowerState> {
  return {
    id: 'power:sysfs',
    async read(): Promise<Signal<PowerState>> {
      const folder = await folderEntries(root);
      if ('why' in folder) return signalUnavailable(folder.why);
      const { entries } = folder;
      const supplies = await Promise.all(
        entries.map(async (entry) => {
          const dir = join(root, entry);
          return { type: await attribute(dir, 'type'), online: await attribute(dir, 'online'), status: await attribute(dir, 'status'), scope: await attribute(dir, 'scope') };
        }),
      );
      // Peripherals (a mouse's battery) say `scope` Device; they are not the machine's power.
      const own = supplies.filter((s) => s.scope !== 'Device');
      const mains = own.filter((s) => s.type === 'Mains' || s.type === 'USB' || s.type === 'USB_C');
      const batteries = own.filter((s) => s.type === 'Battery');
      if (mains.some((s) => s.online === '1')) return signalValue({ onBattery: false });
      if (batteries.length === 0) return signalValue({ onBattery: false });
      if (mains.length > 0) return signalValue({ onBattery: true });
      return signalValue({ onBattery: batteries.some((b) => b.status === 'Discharging') });
    },
  };
}
