import { app, BrowserWindow, dialog, ipcMain, Notification, powerMonitor, safeStorage, session } from 'electron';
import { autoUpdater } from 'electron-updater';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { ElectronLoginItem } from '../adapters/electron/electron-login-item';
import { ElectronUpdater } from '../adapters/electron/electron-updater';
import { resolveDataDir } from '../adapters/fs/data-folder';
import { XdgAutostartLoginItem, xdgAutostartDir } from '../adapters/fs/xdg-autostart';
import { createHostRuntime, type HostRuntime } from '../composition';
import { describeHolder } from '../core/lock/data-folder-lock';
import { CLOSE_TO_TRAY_NOTICE, decideClose } from '../core/shell/close-to-tray';
import { applyStartAtLogin, START_HIDDEN_ARG, type LoginItem } from '../core/shell/login-item';
import { APP_INDEX_URL, APP_ORIGIN, rendererCsp } from '../core/shell/renderer-protocol';
import { UpdatePolicy } from '../core/shell/update-policy';
import { resolveCluster } from '../core/wallet/cluster';
import { claimDataFolder } from '../data-folder-claim';
import { runCli } from '../cli/cli';
import { cleanupCommand } from '../cli/commands/cleanup';
import { forwardEvents, registerIpc, trustedRendererUrl } from '../ipc/register-ipc';
import { hostPhase } from '../../shared/host-state';
import { effectiveSharingMode } from '../../shared/settings';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { bundleFileDialog } from './bundle-file-dialog';
import { osNotifier } from './os-notifier';
import { lockDownNavigation, mainWindowOptions } from './main-window';
import { passphraseDialog } from './passphrase-window';
import { applyPermissionPolicy } from './permission-policy';
import { createHostTray } from './tray';

// One source of truth for the data folder, shared with the headless mode and the CLI.
app.setPath('userData', resolveDataDir(process.env, platform(), homedir()));
registerAppScheme();

// `GridHost cleanup` (the uninstallers run it; the packaged app has no Node to run the CLI with, as the
// RunAsNode fuse is off): removes this installation from Docker and exits, without a window or a tray.
const cleanupAt = process.argv.indexOf(cleanupCommand.name);
if (cleanupAt > 0) {
  const io = { env: process.env, out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
  void runCli(process.argv.slice(cleanupAt), [cleanupCommand], io).then(
    (code) => app.exit(code),
    (err: Error) => {
      io.err(`GridHost cleanup: ${err.message}\n`);
      app.exit(1);
    },
  );
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let runtime: HostRuntime | null = null;
  let window: BrowserWindow | null = null;
  let quitting = false;
  // The packaged app always loads its own files: ELECTRON_RENDERER_URL is honoured in development only.
  const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const isTrusted = trustedRendererUrl(APP_ORIGIN, devServer);
  const startHidden = process.argv.includes(START_HIDDEN_ARG);
  const iconsDir = app.isPackaged ? join(process.resourcesPath, 'tray') : join(__dirname, '../../assets/tray');
  const loginItem: LoginItem =
    process.platform === 'linux'
      ? new XdgAutostartLoginItem(xdgAutostartDir(process.env, homedir()), process.env.APPIMAGE ?? process.execPath, app.isPackaged ? [] : [app.getAppPath()])
      : new ElectronLoginItem(app);
  let tray: ReturnType<typeof createHostTray> = null;

  const notify = (title: string, body: string, onClick?: () => void) => {
    if (!Notification.isSupported()) return;
    const note = new Notification({ title, body });
    if (onClick) note.on('click', onClick);
    note.show();
  };

  const showWindow = () => {
    if (!window) return createWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const createWindow = () => {
    // mainWindowOptions sets contextIsolation, sandbox and no Node (tests/unit/main/electron/main-window.test.ts);
    // Electronegativity cannot see options built in another function, hence the exception on this line.
    const win = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js'))); /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK */
    window = win;
    lockDownNavigation(win, isTrusted);
    const stopForwarding = forwardEvents(runtime!.services.events, win.webContents);
    win.on('close', (event) => {
      const settings = runtime!.services.settings;
      const decision = decideClose({ closeToTray: settings.get().app.closeToTray, quitting, trayAvailable: tray !== null, noticeShown: settings.get().app.closeToTrayNoticeShown });
      if (decision.action === 'quit') return void app.quit();
      event.preventDefault();
      win.hide();
      if (decision.showNotice) {
        notify(CLOSE_TO_TRAY_NOTICE.title, CLOSE_TO_TRAY_NOTICE.body);
        void settings.update({ app: { closeToTrayNoticeShown: true } });
      }
    });
    win.on('closed', () => {
      stopForwarding();
      window = null;
    });
    win.once('ready-to-show', () => win.show());
    void win.loadURL(devServer ?? APP_INDEX_URL);
  };

  app.on('second-instance', () => showWindow());
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  let updates: UpdatePolicy | null = null;

  void app.whenReady().then(async () => {
    applyPermissionPolicy(session.defaultSession, isTrusted);
    // One writer per data folder: a headless host (or another desktop) may hold it already.
    const claim = await claimDataFolder({ mode: 'desktop', dataDir: app.getPath('userData') });
    if (!claim.ok) {
      dialog.showErrorBox('GridHost is already running', `${describeHolder(claim.holder, claim.dataDir)} Stop it first, then open GridHost again.`);
      app.exit(1);
      return;
    }
    const host = createHostRuntime({
      mode: 'desktop',
      claim,
      safeStorage,
      powerMonitor,
      notifier: osNotifier,
      pickBundleFile: bundleFileDialog(() => window),
      askPassphrase: passphraseDialog(join(__dirname, '../preload/passphrase.js'), () => window),
    });
    runtime = host;
    const { settings, events } = host.services;
    const log = host.logger.child({ component: 'shell' });
    await settings.load();
    // connect-src: the configured RPC endpoint only (the desktop's API goes over IPC, not the network).
    serveRenderer(join(__dirname, '../renderer'), () => {
      const cluster = resolveCluster({ ...settings.get().wallet, nosMint: null });
      return rendererCsp('endpoint' in cluster ? [cluster.endpoint] : []);
    });
    await host.serveControl();
    registerIpc(ipcMain, host.dispatcher, isTrusted, host.logger.child({ component: 'ipc' }));

    tray = createHostTray(iconsDir, {
      startSharing: () => host.api.gridSharingStart(),
      pauseSharing: () => host.api.gridSharingPause(),
      autoSharing: () => host.api.sharingModeSet({ mode: 'auto' }),
      showWindow,
      quit: () => app.quit(),
      tell: (message) => notify('GridHost', message),
    });
    const refreshTray = () => {
      const intent = effectiveSharingMode(settings.get().sharing, 'desktop');
      tray?.update(host.services.host.getStatus(), intent, true);
    };
    refreshTray();
    let lastPhase = hostPhase(host.services.host.getStatus().state);
    events.on('host.state', (status) => {
      refreshTray();
      updates?.hostStateChanged();
      const phase = hostPhase(status.state);
      const wanted = settings.get().notifications;
      if (phase === 'failing' && wanted.attention) notify('GridHost needs attention', status.reason ?? 'Open GridHost for details.', showWindow);
      if (wanted.jobs && phase !== lastPhase && (phase === 'earning' || lastPhase === 'earning')) {
        notify(phase === 'earning' ? 'A job started' : 'The job ended', phase === 'earning' ? `GridHost is earning${status.market ? ` in ${status.market}` : ''}.` : 'GridHost is back in the queue or idle.');
      }
      lastPhase = phase;
    });
    const applyLogin = () =>
      applyStartAtLogin(loginItem, settings.get().app.startAtLogin).catch((err: unknown) => log.warn('could not change start at login', { error: String(err) }));
    events.on('settings.changed', () => {
      refreshTray();
      void applyLogin();
    });
    void applyLogin();

    if (app.isPackaged) {
      updates = new UpdatePolicy(new ElectronUpdater(autoUpdater), {
        clock: { every: (ms, run) => { const t = setInterval(run, ms); return () => clearInterval(t); } },
        channel: () => settings.get().updates.channel,
        jobRunning: () => hostPhase(host.services.host.getStatus().state) === 'earning',
        logger: host.logger.child({ component: 'updates' }),
        onChange: (state) => {
          if (state.kind === 'ready' && !state.installWhenJobEnds)
            notify(`GridHost ${state.version} is ready`, 'It installs when you quit GridHost. Click to install now (after the running job, if any).', () => void updates?.installNow());
        },
      });
      updates.start();
    }

    if (!startHidden || tray === null) createWindow();
    await host.start();
    app.on('activate', () => showWindow());
  });

  let closed = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closed || !runtime) return;
    event.preventDefault();
    updates?.stop();
    // Quits the job in flight with the grid, then installs a downloaded update (never mid-job), else exits.
    void runtime.close().finally(() => {
      closed = true;
      if (updates?.installOnQuit()) updates.installNow();
      else app.quit();
    });
  });

  // With the tray, closing the last window keeps the host running; the close handler decides (close to tray).
  app.on('window-all-closed', () => {
    if (tray === null && process.platform !== 'darwin') app.quit();
  });
}
