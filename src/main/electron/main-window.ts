import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';

/** The hardened window options: isolated, sandboxed, no Node in the page. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 880,
    minHeight: 600,
    show: false,
    title: 'GridHost',
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // A middle click on a link would open a new window; the window-open handler denies it, and this stops it.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** Denies navigation away from the app and every new window; links to the web open nowhere by accident. */
export function lockDownNavigation(win: BrowserWindowType, isTrustedUrl: (url: string) => boolean): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
