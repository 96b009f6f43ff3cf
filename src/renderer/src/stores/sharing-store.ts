import { create } from 'zustand';
import type { SharingStatus } from '../../../shared/contract/sharing';
import type { Settings } from '../../../shared/settings';
import type { SharingMode, SharingRules } from '../../../shared/sharing-settings';
import { api } from '../api/client';

interface SharingStore {
  status: SharingStatus | null;
  /** The rules as kept in settings (`settings.sharing`, less the mode). */
  rules: SharingRules | null;
  /** The last failed action or load, in the owner's words. */
  error: string | null;
  saving: boolean;
}

export const useSharingStore = create<SharingStore>(() => ({ status: null, rules: null, error: null, saving: false }));

let unsubscribe: Array<() => void> | null = null;

function rulesOf(settings: Settings): SharingRules {
  const { mode: _mode, ...rules } = settings.sharing;
  return rules;
}

async function act(fn: () => Promise<void>): Promise<boolean> {
  useSharingStore.setState({ saving: true, error: null });
  try {
    await fn();
    useSharingStore.setState({ saving: false });
    return true;
  } catch (err) {
    useSharingStore.setState({ saving: false, error: (err as Error).message });
    return false;
  }
}

export const sharingActions = {
  /** The status and the rules, then every `sharing.changed` and `settings.changed` as they come. */
  async load(): Promise<void> {
    unsubscribe ??= [
      api().onSharingChanged((status) => useSharingStore.setState({ status })),
      api().onSettingsChanged((settings) => useSharingStore.setState({ rules: rulesOf(settings) })),
    ];
    try {
      const [status, settings] = await Promise.all([api().sharingStatus(), api().settingsGet()]);
      useSharingStore.setState({ status, rules: rulesOf(settings), error: null });
    } catch (err) {
      useSharingStore.setState({ error: (err as Error).message });
    }
  },
  setMode: (mode: SharingMode) => act(async () => useSharingStore.setState({ status: await api().sharingModeSet({ mode }) })),
  /** Saves some rules; the host applies them at its next reading. */
  saveRules: (patch: Partial<SharingRules>) => act(async () => useSharingStore.setState({ rules: rulesOf(await api().settingsUpdate({ sharing: patch })) })),
};

export const useSharingStatus = () => useSharingStore((s) => s.status);
export const useSharingRules = () => useSharingStore((s) => s.rules);
export const useSharingError = () => useSharingStore((s) => s.error);
export const useSharingSaving = () => useSharingStore((s) => s.saving);
