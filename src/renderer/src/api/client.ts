import { buildApi, type GridhostApi } from '../../../shared/api-surface';
import { useConnectionStore } from '../stores/connection-store';
import { bearerAuthorization, supportBundlePath } from '../../../shared/wire';
import { WebSocketTransport } from './websocket-transport';

declare global {
  interface Window {
    /** Present in the desktop app (the preload's one object); absent in the headless dashboard. */
    gridhost?: GridhostApi;
  }
}

const TOKEN_KEY = 'gridhost.token';

/** Takes the token from the dashboard link once, keeps it for this tab, and removes it from the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let current: GridhostApi | null = null;
let headlessToken: string | null = null;

/** The API the stores and components call. */
export function api(): GridhostApi {
  if (!current) throw new Error('The GridHost API is not connected yet; connectApi() runs first at start-up.');
  return current;
}

/** Makes `next` the API that `api()` returns: the connected one at start-up, a fake in tests. */
export function provideApi(next: GridhostApi): void {
  current = next;
}

/** Connects at start-up: over IPC in the desktop app (the preload's object), over the WebSocket in headless mode. */
export function connectApi(): void {
  if (window.gridhost) {
    provideApi(window.gridhost);
    useConnectionStore.getState().set('connected', null);
    return;
  }
  headlessToken = takeToken();
  const transport = new WebSocketTransport({
    origin: window.location.origin,
    token: headlessToken,
    onState: (state, detail) => useConnectionStore.getState().set(state, detail),
  });
  provideApi(buildApi(transport));
}

/**
 * In the headless dashboard, downloads a saved support bundle from the host to this browser (the rig may be
 * across the room). Null in the desktop app, where the bundle is already on this machine.
 */
export function supportBundleDownloader(): ((name: string) => Promise<void>) | null {
  return headlessToken === null ? null : downloadSupportBundle;
}

async function downloadSupportBundle(name: string): Promise<void> {
  const res = await fetch(supportBundlePath(name), { headers: { authorization: bearerAuthorization(headlessToken ?? '') } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The host answered ${res.status}.`);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
