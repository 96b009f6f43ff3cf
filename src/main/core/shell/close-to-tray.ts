/** What closing the window does: hide it (the host keeps running in the tray) or quit the app. */
export type CloseDecision = { action: 'hide'; showNotice: boolean } | { action: 'quit' };

/**
 * Closing the window keeps the host running in the tray when `app.closeToTray` is on (the default), unless the
 * app is already quitting (Quit in the tray, the OS logging out) or there is no tray to come back from. The first
 * time, a notice says where GridHost went (`app.closeToTrayNoticeShown` remembers it).
 */
export function decideClose(input: { closeToTray: boolean; quitting: boolean; trayAvailable: boolean; noticeShown: boolean }): CloseDecision {
  if (input.quitting || !input.closeToTray || !input.trayAvailable) return { action: 'quit' };
  return { action: 'hide', showNotice: !input.noticeShown };
}

export const CLOSE_TO_TRAY_NOTICE = {
  title: 'GridHost is still running',
  body: 'GridHost keeps sharing from the tray. Open it from the tray icon, or choose Quit there to stop.',
} as const;
