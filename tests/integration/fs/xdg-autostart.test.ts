import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { XdgAutostartLoginItem, xdgAutostartDir } from '../../../src/main/adapters/fs/xdg-autostart';
import { applyStartAtLogin } from '../../../src/main/core/shell/login-item';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('start at login on Linux (XDG autostart)', () => {
  it('follows XDG_CONFIG_HOME, else ~/.config', () => {
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: '/x/conf' }, '/home/ann')).toBe('/x/conf/autostart');
    expect(xdgAutostartDir({}, '/home/ann')).toBe('/home/ann/.config/autostart');
  });

  it('writes gridhost.desktop (starting hidden) when turned on, removes it when off, and rewrites a stale one', async () => {
    const home = await mkdtemp(join(tmpdir(), 'gridhost-xdg-'));
    dirs.push(home);
    const dir = xdgAutostartDir({}, home);
    const item = new XdgAutostartLoginItem(dir, '/opt/GridHost/gridhost');
    expect(await item.isEnabled()).toBe(false);

    expect(await applyStartAtLogin(item, true)).toEqual({ changed: true });
    const file = join(dir, 'gridhost.desktop');
    expect(await readFile(file, 'utf8')).toContain('Exec=/opt/GridHost/gridhost --hidden\n');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await item.isEnabled()).toBe(true);

    // An entry for an AppImage that moved is not ours any more: turning on writes the new path.
    await writeFile(file, '[Desktop Entry]\nExec=/old/place/GridHost.AppImage --hidden\n');
    expect(await item.isEnabled()).toBe(false);
    expect(await applyStartAtLogin(item, true)).toEqual({ changed: true });
    expect(await readFile(file, 'utf8')).toContain('Exec=/opt/GridHost/gridhost --hidden');

    expect(await applyStartAtLogin(item, false)).toEqual({ changed: true });
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    expect(await applyStartAtLogin(item, false)).toEqual({ changed: false });
  });
});
