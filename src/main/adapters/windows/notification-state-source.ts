import { signalUnavailable, signalValue, type Fullscreen, type Signal, type SignalSource } from '../../core/sharing/ports';

/** QUERY_USER_NOTIFICATION_STATE (shellapi.h). */
export const QUNS = {
  NOT_PRESENT: 1,
  BUSY: 2,
  RUNNING_D3D_FULL_SCREEN: 3,
  PRESENTATION_MODE: 4,
  ACCEPTS_NOTIFICATIONS: 5,
  QUIET_TIME: 6,
  APP: 7,
} as const;

/** What Windows' answer means for sharing: busy (a fullscreen program), D3D fullscreen (a game), presentation. */
export function fullscreenFromState(state: number): Fullscreen {
  switch (state) {
    case QUNS.RUNNING_D3D_FULL_SCREEN:
      return { active: true, program: null, game: true };
    case QUNS.BUSY:
    case QUNS.PRESENTATION_MODE:
      return { active: true, program: null };
    default:
      return { active: false, program: null };
  }
}

/** Calls shell32's SHQueryUserNotificationState; returns the state, or throws with the HRESULT. */
export type NotificationStateQuery = () => number;

/** The real call through koffi (Windows only; loaded at first use). */
async function shell32Query(): Promise<NotificationStateQuery> {
  const koffi = (await import('koffi')).default;
  const shell32 = koffi.load('shell32.dll');
  const query = shell32.func('__stdcall', 'SHQueryUserNotificationState', 'long', ['_Out_ int *']) as (out: number[]) => number;
  return () => {
    const out = [0];
    const hr = query(out);
    if (hr !== 0) throw new Error(`SHQueryUserNotificationState returned 0x${(hr >>> 0).toString(16)}`);
    return out[0] ?? 0;
  };
}

/**
 * A fullscreen program or game on Windows, from `SHQueryUserNotificationState` (what Windows itself uses to
 * hold back notifications): busy, D3D fullscreen and presentation mode pause sharing.
 */
export function windowsNotificationStateSource(
  platform: NodeJS.Platform = process.platform,
  load: () => Promise<NotificationStateQuery> = shell32Query,
): SignalSource<Fullscreen> {
  let query: Promise<NotificationStateQuery> | null = null;
  return {
    id: 'fullscreen:windows',
    async read(): Promise<Signal<Fullscreen>> {
      if (platform !== 'win32') return signalUnavailable('SHQueryUserNotificationState exists on Windows only');
      try {
        query ??= load();
        return signalValue(fullscreenFromState((await query)()));
      } catch (err) {
        query = null;
        return signalUnavailable(`Windows did not say whether a fullscreen program runs: ${(err as Error).message}`);
      }
    },
  };
}
