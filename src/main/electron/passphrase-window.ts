import { BrowserWindow, ipcMain } from 'electron';
import { PASSPHRASE_CHANNEL } from '../../shared/wire';
import { mainWindowOptions } from './main-window';

const FORM = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Unlock the node key</title>
<style>body{font:14px system-ui,sans-serif;background:#101418;color:#e6e9ed;margin:20px}input{width:100%;padding:6px;margin:10px 0}
button{padding:6px 14px;margin-right:8px}</style></head><body>
<p>GridHost's node key is protected by a passphrase. Type it to start the host.</p>
<form id="f"><input id="p" type="password" autofocus autocomplete="off" aria-label="Passphrase">
<button type="submit">Unlock</button><button type="button" id="c">Cancel</button></form></body></html>`;

/**
 * Asks the owner for the node key's passphrase in a small window of the main process, over its own preload
 * (src/preload/passphrase.ts) and IPC channel: the passphrase goes from that window to the keystore only, never
 * to the dashboard's page. '' when the owner cancels or closes the window.
 */
export function passphraseDialog(preloadPath: string, parent: () => BrowserWindow | null): () => Promise<string> {
  return () =>
    new Promise((resolve) => {
      const base = mainWindowOptions(preloadPath);
      const owner = parent();
      // The hardened options of mainWindowOptions (isolated, sandboxed, no Node, no auxclick), which
      // Electronegativity cannot see from here: an exception on this line.
      const win = new BrowserWindow({ ...base, width: 420, height: 220, minWidth: 320, minHeight: 180, resizable: false, modal: owner !== null, ...(owner ? { parent: owner } : {}), title: 'Unlock the node key' }); /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK */
      let answered = false;
      const finish = (value: string) => {
        if (answered) return;
        answered = true;
        ipcMain.removeAllListeners(PASSPHRASE_CHANNEL);
        if (!win.isDestroyed()) win.close();
        resolve(value);
      };
      ipcMain.on(PASSPHRASE_CHANNEL, (event, value: unknown) => {
        if (event.sender !== win.webContents) return;
        finish(typeof value === 'string' ? value : '');
      });
      win.on('closed', () => finish(''));
      win.webContents.on('will-navigate', (event) => event.preventDefault());
      win.once('ready-to-show', () => win.show());
      void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(FORM)}`);
    });
}
