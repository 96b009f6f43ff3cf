import type { SharingController } from './sharing-controller';

/** An OS notification (the desktop shell implements it with Electron's `Notification`). */
export interface DesktopNotifier {
  notify(title: string, body: string): void;
}

/**
 * Tells the owner when sharing starts ("GridHost is sharing your GPU: idle for 12 min") and when it gives the
 * GPU back ("GPU released in 640 ms: game.exe is using the GPU"), while `enabled()` (the setting
 * `sharing.notifications`). The first decision after start says nothing: the owner just opened the app.
 * Returns the unsubscribe.
 */
export function notifySharingChanges(controller: Pick<SharingController, 'onDecision' | 'onRelease'>, notifier: DesktopNotifier, enabled: () => boolean): () => void {
  let sharing: boolean | null = null;
  const offDecision = controller.onDecision((decision) => {
    const was = sharing;
    sharing = decision.share;
    if (was === false && decision.share && enabled()) notifier.notify('GridHost is sharing your GPU', decision.reason);
  });
  const offRelease = controller.onRelease((release) => {
    if (enabled()) notifier.notify('GridHost gave your GPU back', `GPU released in ${release.ms} ms: ${release.cause}`);
  });
  return () => {
    offDecision();
    offRelease();
  };
}
