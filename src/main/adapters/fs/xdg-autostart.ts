import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { xdgAutostartEntry, type LoginItem } from '../../core/shell/login-item';

/** The autostart folder: $XDG_CONFIG_HOME/autostart, or ~/.config/autostart. */
export function xdgAutostartDir(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart');
}

/**
 * Start at login on Linux: a `gridhost.desktop` entry in the XDG autostart folder (GNOME, KDE, Xfce... read it).
 * The entry is ours when it runs our executable; enabling rewrites it, so a moved AppImage is followed.
 */
export class XdgAutostartLoginItem implements LoginItem {
  private readonly file: string;

  constructor(
    private readonly dir: string,
    private readonly execPath: string,
    private readonly appArgs: readonly string[] = [],
  ) {
    this.file = join(dir, 'gridhost.desktop');
  }

  async isEnabled(): Promise<boolean> {
    try {
      return (await readFile(this.file, 'utf8')) === xdgAutostartEntry(this.execPath, this.appArgs);
    } catch {
      return false;
    }
  }

  async setEnabled(enabled: boolean): Promise<void> {
    if (!enabled) return rm(this.file, { force: true });
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.file, xdgAutostartEntry(this.execPath, this.appArgs), { mode: 0o644 });
  }
}
