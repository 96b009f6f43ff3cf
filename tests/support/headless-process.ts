import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const GRIDHOST_BIN = join(REPO_ROOT, 'bin', 'gridhost.js');

export interface HeadlessProcess {
  child: ChildProcessWithoutNullStreams;
  dashboardUrl: string;
  origin: string;
  token: string;
  home: string;
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built `gridhost start --headless` on a free port with a fresh GRIDHOST_HOME (or the one `env`
 * names, which is then kept on stop), as a user would, and waits for the dashboard URL it prints.
 */
export async function startHeadlessProcess(
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
  settings: unknown = null,
): Promise<HeadlessProcess> {
  const ownsHome = env.GRIDHOST_HOME === undefined;
  const home = env.GRIDHOST_HOME ?? (await mkdtemp(join(tmpdir(), 'gridhost-home-')));
  if (settings !== null) await writeFile(join(home, 'settings.json'), JSON.stringify(settings));
  const child = spawn(process.execPath, [GRIDHOST_BIN, 'start', '--headless', '--port', '0', ...extraArgs], {
    env: { ...process.env, GRIDHOST_HOME: home, ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const dashboardUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host printed no URL within 20 s:\n${out}`)), 20_000);
    const check = () => {
      const match = /Dashboard: (https?:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`headless host exited with ${code}:\n${out}`)));
  });
  const url = new URL(dashboardUrl);
  let exited: Promise<number | null> | null = null;
  return {
    child,
    dashboardUrl,
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    home,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      exited ??= new Promise((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        child.once('exit', (code) => done(code));
        child.kill(signal);
      });
      const code = await exited;
      if (ownsHome) await rm(home, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs one built `gridhost` command on a data folder, as a user would, and resolves when it exits. */
export function runGridhost(home: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [GRIDHOST_BIN, ...args], { env: { ...process.env, GRIDHOST_HOME: home, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => resolveRun({ code, out, err }));
  });
}
