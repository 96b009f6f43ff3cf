import { Notification } from 'electron';
import type { DesktopNotifier } from '../core/sharing/sharing-notifications';

/** The desktop's notifications through Electron (nothing where the system has none). */
export const osNotifier: DesktopNotifier = {
  notify(title, body) {
    if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
  },
};
