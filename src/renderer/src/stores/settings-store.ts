import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract/host';
import { ClientSettingsPatchSchema, type Settings } from '../../../shared/settings';
import { fieldIssues } from '../../../shared/settings-issues';
import { api } from '../api/client';

/** The sections of the Settings page, each saved on its own. */
export type SettingsSection = 'grid' | 'containers' | 'logs' | 'keyStore' | 'notifications' | 'desktop' | 'updates';

interface SettingsStore {
  settings: Settings | null;
  info: AppInfo | null;
  loadError: string | null;
  saving: SettingsSection | null;
  /** The section last saved, for its "Saved" line. */
  saved: SettingsSection | null;
  /** One sentence per refused field, keyed by its path (`containers.cpus`). */
  fieldErrors: Record<string, string>;
  /** A refusal that is no field's (the host is not reachable...), shown under the section. */
  sectionError: { section: SettingsSection; message: string } | null;
}

export const useSettingsStore = create<SettingsStore>(() => ({
  settings: null,
  info: null,
  loadError: null,
  saving: null,
  saved: null,
  fieldErrors: {},
  sectionError: null,
}));

let unsubscribe: (() => void) | null = null;

export const settingsActions = {
  async load(): Promise<void> {
    unsubscribe ??= api().onSettingsChanged((settings) => useSettingsStore.setState({ settings }));
    try {
      const [settings, info] = await Promise.all([api().settingsGet(), api().appInfo()]);
      useSettingsStore.setState({ settings, info, loadError: null });
    } catch (err) {
      useSettingsStore.setState({ loadError: (err as Error).message });
    }
  },

  /**
   * Saves one section's fields. The patch is checked against the same schema the host uses first, so each
   * refused field gets its own sentence next to it; the host checks it again.
   */
  async save(section: SettingsSection, patch: unknown): Promise<boolean> {
    const paths = pathsOf(patch);
    const keep = Object.fromEntries(Object.entries(useSettingsStore.getState().fieldErrors).filter(([path]) => !paths.some((p) => path.startsWith(p))));
    const checked = ClientSettingsPatchSchema.safeParse(patch);
    if (!checked.success) {
      const refused = Object.fromEntries(fieldIssues(checked.error).map((f) => [f.path, f.sentence]));
      useSettingsStore.setState({ fieldErrors: { ...keep, ...refused }, saved: null, sectionError: null });
      return false;
    }
    useSettingsStore.setState({ saving: section, saved: null, sectionError: null, fieldErrors: keep });
    try {
      const settings = await api().settingsUpdate(checked.data);
      useSettingsStore.setState({ settings, saving: null, saved: section });
      return true;
    } catch (err) {
      useSettingsStore.setState({ saving: null, sectionError: { section, message: (err as Error).message } });
      return false;
    }
  },
};

/** `{containers: {cpus: 1}}` → ['containers.cpus']. */
function pathsOf(patch: unknown, prefix = ''): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return prefix ? [prefix] : [];
  return Object.entries(patch).flatMap(([key, value]) => pathsOf(value, prefix ? `${prefix}.${key}` : key));
}

export const useSettings = () => useSettingsStore((s) => s.settings);
