import type { App } from 'electron';
import { START_HIDDEN_ARG, type LoginItem } from '../../core/shell/login-item';

/** Start at login on Windows and macOS: Electron's login item, started hidden (in the tray). */
export class ElectronLoginItem implements LoginItem {
  constructor(private readonly app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>) {}

  async isEnabled(): Promise<boolean> {
    return this.app.getLoginItemSettings({ args: [START_HIDDEN_ARG] }).openAtLogin;
  }

  async setEnabled(enabled: boolean): Promise<void> {
    this.app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: [START_HIDDEN_ARG] });
  }
}
