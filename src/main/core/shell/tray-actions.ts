import type { TrayAction } from './tray-view';

/** What the tray's items reach: the contract's sharing requests, the window, and quitting. */
export interface TrayTargets {
  startSharing(): Promise<unknown>;
  pauseSharing(): Promise<unknown>;
  /**
   * Auto sharing (share while the owner's rules allow): the request that sets the mode (`sharing.mode.set`);
   * null where a shell cannot offer it.
   */
  autoSharing: (() => Promise<unknown>) | null;
  showWindow(): void;
  quit(): void;
  /** Tells the owner a request failed (a notification); the message says what to do. */
  tell(message: string): void;
}

/** Runs a tray item; a refused request (not onboarded, Docker down...) is told, never thrown into Electron. */
export async function runTrayAction(action: TrayAction, targets: TrayTargets): Promise<void> {
  try {
    switch (action) {
      case 'share':
        await targets.startSharing();
        return;
      case 'pause':
        await targets.pauseSharing();
        return;
      case 'auto':
        if (targets.autoSharing) await targets.autoSharing();
        else targets.tell('Auto sharing is not available in this version yet. Choose Share or Pause.');
        return;
      case 'open-dashboard':
        targets.showWindow();
        return;
      case 'quit':
        targets.quit();
        return;
    }
  } catch (err) {
    targets.tell(`${(err as Error).message} Open GridHost for details.`);
  }
}
