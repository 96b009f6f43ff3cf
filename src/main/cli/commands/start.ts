import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveSharingMode, LOCAL_GRID_URL, type SharingMode } from '../../../shared/settings';
import { SUPPORT_BUNDLES_FOLDER, type HostRuntime } from '../../composition';
import { loadOrCreateDashboardCertificate, type DashboardCertificate } from '../../headless/dashboard-certificate';
import { dashboardAddresses, isLoopbackHost, machineAddresses } from '../../headless/dashboard-addresses';
import { RemoteListenRefused, startHeadlessServer } from '../../headless/headless-server';
import { UsageError, type CliCommand, type CliContext } from '../command';
import { LocalGridUnavailable, loadLocalGrid } from '../local-grid';

/** The sample job image the in-process local grid posts; any image with a POSIX sh works. */
const DEFAULT_LOCAL_JOB_IMAGE = 'docker.io/library/busybox:1.36';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Start the host: the desktop app, or with --headless a dashboard in your browser',
  usage: 'gridhost start [--headless [--share] [--port N] [--host ADDR --allow-remote] [--grid local|URL [--job-image IMAGE]]]',
  options: {
    headless: { type: 'boolean', default: false },
    share: { type: 'boolean', default: false },
    grid: { type: 'string' },
    'job-image': { type: 'string', default: DEFAULT_LOCAL_JOB_IMAGE },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'allow-remote': { type: 'boolean', default: false },
  },
  async run(ctx) {
    if (!ctx.values.headless) return launchDesktop(ctx.err);
    const port = parsePort(ctx.values.port as string | undefined);
    const grid = parseGrid(ctx.values.grid as string | undefined);
    // One host per data folder: refused (which host runs, since when, its dashboard) before anything is touched.
    // Settings are loaded first, so no client can change them before they are read; the checks run with the dashboard up.
    const runtime = await ctx.startHost();
    const { services } = runtime;
    const host = ctx.values.host as string;
    const allowRemote = ctx.values['allow-remote'] === true;
    let server;
    let certificate: DashboardCertificate | null = null;
    let localGrid: { close(): Promise<void> } | null = null;
    try {
      if (grid) localGrid = await useGrid(grid, runtime, ctx);
      // --share keeps the intent to share (a restart resumes it); with the local grid, a newcomer sees the whole
      // loop at once, so it implies sharing.
      if (ctx.values.share || grid === 'local') await services.settings.update({ sharing: { mode: 'always' } });
      if (allowRemote && !isLoopbackHost(host)) {
        // The names do not depend on the port: a certificate stays valid when the port changes.
        const names = dashboardAddresses(host, port, 'https', machineAddresses()).names;
        certificate = await loadOrCreateDashboardCertificate(services.appInfo.dataDir, names, runtime.logger.child({ component: 'headless' }));
      }
      server = await startHeadlessServer({
        events: services.events,
        dispatcher: runtime.dispatcher,
        logger: runtime.logger,
        rendererDir: rendererDir(),
        host,
        port,
        allowRemote,
        ...(certificate ? { tls: { key: certificate.key, cert: certificate.cert } } : {}),
        supportDir: join(services.appInfo.dataDir, SUPPORT_BUNDLES_FOLDER),
      });
      // A second host's refusal names this dashboard (never its token); commands run meanwhile reach this host.
      await runtime.setDashboardUrl(server.origin);
      await runtime.serveControl();
    } catch (err) {
      await runtime.close();
      await localGrid?.close();
      if (err instanceof RemoteListenRefused) throw new UsageError(err.message);
      if (err instanceof LocalGridUnavailable) {
        ctx.err(`${err.message}\n`);
        return 1;
      }
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        ctx.err(`Port ${port} is in use (is GridHost already running?). Choose another with --port N.\n`);
        return 1;
      }
      throw err;
    }
    // Listen for Ctrl+C / SIGTERM before printing the link: whoever reads the link may stop us at once.
    const stopRequested = new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        ctx.out(`\nReceived ${signal}, stopping...\n`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    if (!isLoopbackHost(host)) {
      ctx.err(`WARNING: the dashboard listens on ${host}. Anyone who can reach it and has the link controls this host.\n`);
    }
    ctx.out(`GridHost ${services.appInfo.version} is running headless (data: ${services.appInfo.dataDir}).\n`);
    ctx.out(`Dashboard: ${server.dashboardUrl}\n`);
    if (certificate) printCertificate(ctx, certificate, server.allowedOrigins, server.origin);
    ctx.out('Keep this link private: it carries the access token. Press Ctrl+C to stop.\n');
    ctx.out(SHARING_LINES[effectiveSharingMode(services.settings.get().sharing, 'headless')]);
    // The token opens the dashboard: it must never reach a log line or a support bundle.
    services.logs.rememberSecret(server.token);
    const onFatal = (err: unknown) => {
      runtime.logger.error('fatal error, stopping', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      void runtime.close().finally(() => process.exit(1));
    };
    process.once('uncaughtException', onFatal);
    process.once('unhandledRejection', onFatal);
    const started = runtime.start().catch((err: Error) => runtime.logger.error('host start failed', { error: err.message }));

    await stopRequested;
    await started;
    await server.close();
    await runtime.close();
    await localGrid?.close();
    ctx.out('Stopped.\n');
    return 0;
  },
};

/** The remote dashboard's certificate is self-signed: the owner checks its fingerprint in the browser's warning. */
function printCertificate(ctx: CliContext, certificate: DashboardCertificate, origins: string[], shown: string): void {
  ctx.out(`TLS certificate SHA-256 fingerprint: ${certificate.fingerprint256}\n`);
  ctx.out(
    `  ${certificate.created ? 'Made now' : 'Kept'} in the data folder (tls/). It is self-signed: your browser warns once; go on only if the\n` +
      '  fingerprint it shows (certificate details, SHA-256) is this one.\n',
  );
  const others = origins.filter((o) => o !== shown && /:\d+$/.test(o));
  if (others.length > 0) ctx.out(`  The dashboard also answers at: ${others.join(', ')}\n`);
}

function parseGrid(value: string | undefined): 'local' | URL | null {
  if (value === undefined) return null;
  if (value === 'local') return 'local';
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`--grid must be "local" or the grid's http(s) address, got "${value}".`);
}

/** Points the host at the chosen grid; for "local", starts the reference grid in this process unless one answers. */
async function useGrid(grid: 'local' | URL, runtime: HostRuntime, ctx: CliContext): Promise<{ close(): Promise<void> } | null> {
  const { settings } = runtime.services;
  if (grid !== 'local') {
    await settings.update({ grid: { url: grid.origin } });
    ctx.out(`Grid: ${grid.origin}\n`);
    return null;
  }
  // Loaded only here, from its own build: the reference grid is a development tool, not part of the host.
  const { startLocalGridUnlessRunning } = await loadLocalGrid();
  const current = new URL(settings.get().grid.url);
  if (current.hostname !== '127.0.0.1' && current.hostname !== 'localhost') {
    await settings.update({ grid: { url: LOCAL_GRID_URL } });
    ctx.out(`Grid address set to the local grid (${LOCAL_GRID_URL}); it was ${current.origin}.\n`);
  }
  const dbPath = join(runtime.services.appInfo.dataDir, 'local-grid.sqlite');
  const handle = await startLocalGridUnlessRunning(settings.get().grid.url, {
    dbPath,
    feeder: { image: ctx.values['job-image'] as string },
  });
  ctx.out(
    handle.startedHere
      ? `Local grid: started at ${handle.url} (state in ${dbPath}); it onboards this machine when its benchmark passes and posts sample jobs.\n`
      : `Local grid: using the one already running at ${handle.url}.\n`,
  );
  return handle;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 7788;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}".`);
  return port;
}

/** The built renderer, beside the built CLI (out/main -> out/renderer), or in out/ when run from source. */
export function rendererDir(): string {
  const candidates = [join(__dirname, '..', 'renderer'), join(__dirname, '..', '..', '..', 'out', 'renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

async function launchDesktop(err: (text: string) => void): Promise<number> {
  let electronPath: string;
  try {
    // In plain Node, the electron package exports the path of its binary (it throws when it was not downloaded).
    electronPath = (await import('electron')).default as unknown as string;
  } catch {
    err('The desktop app needs Electron, which is not installed here (`npm install` downloads it).\n');
    err('On a machine without a screen, run: gridhost start --headless\n');
    return 1;
  }
  const appRoot = join(__dirname, '..', '..');
  const child = spawn(electronPath, [appRoot], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

/** What `start --headless` says of sharing, by the mode in force. */
const SHARING_LINES: Record<SharingMode, string> = {
  always: "Sharing: on. The host joins its market's queue once onboarded, and again after a restart (gridhost share never to stop).\n",
  auto: 'Sharing: auto. The host shares while the sharing rules allow it (gridhost share status says why or why not).\n',
  never: 'Sharing: off. Press Start sharing in the dashboard, or run gridhost share always (or auto).\n',
};
