/** Starting at login: Electron's login item (Windows, macOS) or an XDG autostart entry (Linux). */
export interface LoginItem {
  /** Whether the app starts at login now. */
  isEnabled(): Promise<boolean>;
  /** Starts the app at login (hidden, in the tray) or stops doing so. */
  setEnabled(enabled: boolean): Promise<void>;
}

/** The argument a login start gets, so the app starts hidden in the tray. */
export const START_HIDDEN_ARG = '--hidden';

/** Makes the login item match `app.startAtLogin`; a failure is logged and told, never fatal. */
export async function applyStartAtLogin(item: LoginItem, wanted: boolean): Promise<{ changed: boolean }> {
  if ((await item.isEnabled()) === wanted) return { changed: false };
  await item.setEnabled(wanted);
  return { changed: true };
}

/** The XDG autostart entry (freedesktop.org Desktop Application Autostart Specification). */
export function xdgAutostartEntry(execPath: string, appArgs: readonly string[] = []): string {
  const quote = (arg: string) => (/^[A-Za-z0-9_\-./=:]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`);
  const exec = [execPath, ...appArgs, START_HIDDEN_ARG].map(quote).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=GridHost',
    'Comment=Share this computer’s GPU with the grid',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
