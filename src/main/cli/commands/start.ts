import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RemoteListenRefused, startHeadlessServer } from '../../headless/headless-server';
import { UsageError, type CliCommand } from '../command';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Start the host: the desktop app, or with --headless a dashboard in your browser',
  usage: 'gridhost start [--headless [--port N] [--host ADDR --allow-remote]]',
  options: {
    headless: { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'allow-remote': { type: 'boolean', default: false },
  },
  async run(ctx) {
    if (!ctx.values.headless) return launchDesktop(ctx.err);
    const port = parsePort(ctx.values.port as string | undefined);
    const runtime = ctx.openRuntime('headless');
    let server;
    try {
      // Settings first, so no client can change them before they are read; the checks run with the dashboard up.
      await runtime.core.settings.load();
      server = await startHeadlessServer({
        core: runtime.core,
        dispatcher: runtime.dispatcher,
        logger: runtime.logger,
        rendererDir: rendererDir(),
        host: ctx.values.host as string,
        port,
        allowRemote: ctx.values['allow-remote'] === true,
      });
    } catch (err) {
      await runtime.close();
      if (err instanceof RemoteListenRefused) throw new UsageError(err.message);
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        ctx.err(`Port ${port} is in use (is GridHost already running?). Choose another with --port N.\n`);
        return 1;
      }
      throw err;
    }
    if (ctx.values.host !== '127.0.0.1' && ctx.values.host !== 'localhost') {
      ctx.err(`WARNING: the dashboard listens on ${String(ctx.values.host)}. Anyone who can reach it and has the link controls this host.\n`);
    }
    ctx.out(`GridHost ${runtime.core.appInfo.version} is running headless (data: ${runtime.core.dataDir}).\n`);
    ctx.out(`Dashboard: ${server.dashboardUrl}\n`);
    ctx.out('Keep this link private: it carries the access token. Press Ctrl+C to stop.\n');
    // The token opens the dashboard: it must never reach a log line or a support bundle.
    runtime.core.deps.logs?.rememberSecret(server.token);
    const onFatal = (err: unknown) => {
      runtime.logger.error('fatal error, stopping', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      void runtime.close().finally(() => process.exit(1));
    };
    process.once('uncaughtException', onFatal);
    process.once('unhandledRejection', onFatal);
    const started = runtime.core.start().catch((err: Error) => runtime.logger.error('host start failed', { error: err.message }));

    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        ctx.out(`\nReceived ${signal}, stopping...\n`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await started;
    await server.close();
    await runtime.close();
    ctx.out('Stopped.\n');
    return 0;
  },
};

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
