import { app, BrowserWindow, dialog, ipcMain, powerMonitor, safeStorage, session } from 'electron';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveDataDir } from '../adapters/fs/data-folder';
import { createHostRuntime, type HostRuntime } from '../composition';
import { describeHolder } from '../core/lock/data-folder-lock';
import { claimDataFolder } from '../data-folder-claim';
import { forwardEvents, registerIpc, trustedRendererUrl } from '../ipc/register-ipc';
import { bundleFileDialog } from './bundle-file-dialog';
import { osNotifier } from './os-notifier';
import { lockDownNavigation, mainWindowOptions } from './main-window';
import { applyPermissionPolicy } from './permission-policy';

// One source of truth for the data folder, shared with the headless mode and the CLI.
app.setPath('userData', resolveDataDir(process.env, platform(), homedir()));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let runtime: HostRuntime | null = null;
  let window: BrowserWindow | null = null;
  const rendererIndex = join(__dirname, '../renderer/index.html');
  const devServer = process.env.ELECTRON_RENDERER_URL;
  const isTrusted = trustedRendererUrl(pathToFileURL(rendererIndex).href, devServer);

  const createWindow = () => {
    window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js')));
    lockDownNavigation(window, isTrusted);
    const stopForwarding = forwardEvents(runtime!.services.events, window.webContents);
    window.on('closed', () => {
      stopForwarding();
      window = null;
    });
    window.once('ready-to-show', () => window?.show());
    if (devServer) void window.loadURL(devServer);
    else void window.loadFile(rendererIndex);
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(async () => {
    applyPermissionPolicy(session.defaultSession, isTrusted);
    // One writer per data folder: a headless host (or another desktop) may hold it already.
    const claim = await claimDataFolder({ mode: 'desktop', dataDir: app.getPath('userData') });
    if (!claim.ok) {
      dialog.showErrorBox('GridHost is already running', `${describeHolder(claim.holder, claim.dataDir)} Stop it first, then open GridHost again.`);
      app.exit(1);
      return;
    }
    runtime = createHostRuntime({ mode: 'desktop', claim, safeStorage, powerMonitor, notifier: osNotifier, pickBundleFile: bundleFileDialog(() => window) });
    await runtime.services.settings.load();
    await runtime.serveControl();
    registerIpc(ipcMain, runtime.dispatcher, isTrusted, runtime.logger.child({ component: 'ipc' }));
    createWindow();
    await runtime.start();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !runtime) return;
    event.preventDefault();
    quitting = true;
    void runtime.close().finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
