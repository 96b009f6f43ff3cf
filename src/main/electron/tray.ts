import { Menu, nativeImage, Tray } from 'electron';
import { join } from 'node:path';
import { runTrayAction, type TrayTargets } from '../core/shell/tray-actions';
import { trayView, type TrayIcon, type TraySharingIntent } from '../core/shell/tray-view';
import type { HostStatus } from '../../shared/host-state';

/**
 * The tray icon and its menu, redrawn from `trayView` at every host state and sharing intent. Returns null when
 * the desktop has no tray (some Linux desktops): closing the window then quits, as there is no way back.
 */
export function createHostTray(iconsDir: string, targets: TrayTargets): { update(status: HostStatus, intent: TraySharingIntent, autoAvailable: boolean): void; destroy(): void } | null {
  const icon = (name: TrayIcon) => nativeImage.createFromPath(join(iconsDir, `${name}.png`));
  let tray: Tray;
  try {
    tray = new Tray(icon('waiting'));
  } catch {
    return null;
  }
  tray.on('click', () => targets.showWindow());
  return {
    update(status, intent, autoAvailable) {
      const view = trayView(status, intent, autoAvailable);
      tray.setImage(icon(view.icon));
      tray.setToolTip(view.tooltip);
      const items = view.menu.map((item) => ({
        label: item.label,
        enabled: item.enabled,
        ...(item.checked === undefined ? {} : { type: 'radio' as const, checked: item.checked }),
        click: () => void runTrayAction(item.action, targets),
      }));
      // The dashboard and Quit below a separator, apart from the sharing choices.
      tray.setContextMenu(Menu.buildFromTemplate([...items.slice(0, 3), { type: 'separator' }, ...items.slice(3)]));
    },
    destroy: () => tray.destroy(),
  };
}
