import { effectiveSharingMode } from '../../../shared/settings';
import type { SharingIntent } from '../host/ports';
import type { SettingsService } from './settings-service';

/**
 * The host loop's sharing intent, kept as `settings.sharing.mode` (a change reaches the pages as
 * `settings.changed`). Before the owner chose, the app's default: Auto on the desktop, Always on a headless rig.
 */
export function settingsSharingIntent(settings: SettingsService, appMode: 'desktop' | 'headless'): SharingIntent {
  return {
    read: () => effectiveSharingMode(settings.get().sharing, appMode),
    write: async (mode) => {
      if (settings.get().sharing.mode !== mode) await settings.update({ sharing: { mode } });
    },
  };
}
