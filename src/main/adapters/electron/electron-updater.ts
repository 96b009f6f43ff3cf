import type { AppUpdater } from 'electron-updater';
import type { UpdateChannel, UpdaterPort } from '../../core/shell/update-policy';

/**
 * electron-updater behind the policy's port: it never downloads or installs by itself (the policy decides when),
 * and follows the channel the owner chose (`updates.channel`).
 */
export class ElectronUpdater implements UpdaterPort {
  constructor(private readonly updater: AppUpdater) {
    updater.autoDownload = false;
    // Installed on quit only through the policy, after the host quit its job with the grid.
    updater.autoInstallOnAppQuit = false;
  }

  async check(channel: UpdateChannel): Promise<string | null> {
    this.updater.channel = channel;
    this.updater.allowPrerelease = channel === 'beta';
    const result = await this.updater.checkForUpdates();
    return result?.isUpdateAvailable ? result.updateInfo.version : null;
  }

  async download(): Promise<void> {
    await this.updater.downloadUpdate();
  }

  install(): void {
    this.updater.quitAndInstall(true, true);
  }
}
