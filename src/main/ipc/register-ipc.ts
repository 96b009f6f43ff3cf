import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type ResponseBody } from '../../shared/wire';
import type { ApiDispatcher } from '../core/api/dispatcher';
import type { EventBus } from '../core/host/event-bus';
import type { Logger } from '../core/ports';

/** The part of Electron's ipcMain this module uses (tests pass a recorded fake). */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
/** The part of an invoke event this module reads. */
export type InvokeEventLike = { senderFrame: Pick<NonNullable<IpcMainInvokeEvent['senderFrame']>, 'url'> | null };
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'>;

/**
 * Registers the API on one IPC channel. Each call is checked: the sending frame must be our renderer
 * (trusted origin), and method and parameters go through the dispatcher, which refuses unknown methods
 * and invalid arguments with a reason.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  dispatcher: ApiDispatcher,
  isTrustedUrl: (url: string) => boolean,
  logger: Logger,
): () => void {
  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, method: unknown, params: unknown): Promise<ResponseBody> => {
    const url = (event as InvokeEventLike).senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) {
      logger.warn('IPC request from an untrusted frame refused', { url: url.slice(0, 200), method: String(method).slice(0, 80) });
      return { ok: false, error: { code: 'forbidden', message: 'Requests are only accepted from the GridHost window.' } };
    }
    return dispatcher.dispatch(method, params);
  });
  return () => ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
}

/** Pushes every host event to a window until it closes; returns an unsubscribe. */
export function forwardEvents(events: EventBus, target: EventTarget): () => void {
  const unsubscribe = events.subscribe((event, data) => {
    if (target.isDestroyed()) return unsubscribe();
    target.send(IPC_EVENT_CHANNEL, { event, data });
  });
  return unsubscribe;
}

/**
 * Trusts the renderer's origin (`app://gridhost`, served by the app's protocol) and, in development only, the dev
 * server's. Compares origins, so it answers the same for a page URL (`app://gridhost/index.html#/wallet`) and for
 * the bare origin Chromium hands a device permission check (`app://gridhost`).
 */
export function trustedRendererUrl(appOrigin: string, devServerUrl?: string): (url: string) => boolean {
  const trusted = new Set([originOf(appOrigin)]);
  if (devServerUrl) trusted.add(originOf(devServerUrl));
  trusted.delete(null);
  return (url) => trusted.has(originOf(url));
}

/** `scheme://host[:port]`, also for custom schemes (where WHATWG's URL.origin is "null"); null when unparsable. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}
