import type { SharingIntent } from '../host/ports';
import type { SettingsService } from './settings-service';

/** The host loop's sharing intent, kept as `settings.sharing.mode` (a change reaches the pages as `settings.changed`). */
export function settingsSharingIntent(settings: SettingsService): SharingIntent {
  return {
    read: () => settings.get().sharing.mode,
    write: async (mode) => {
      if (settings.get().sharing.mode !== mode) await settings.update({ sharing: { mode } });
    },
  };
}
