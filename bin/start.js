#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the desktop app when Electron can run here, else the host headless with its dashboard in the
 * browser, and one line saying why the window could not open (no Electron binary, or no display).
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);

/** The Electron executable, or the reason there is none. */
function electronBinary() {
  let path;
  try {
    path = require('electron');
  } catch {
    return { reason: 'the Electron binary is not installed (npm could not download it; run `node node_modules/electron/install.js` when online)' };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { reason: `the Electron binary is missing (${String(path)})` };
  return { path };
}

function displayProblem(env, platform) {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

function startHeadless(reason) {
  process.stdout.write(`The GridHost window could not open: ${reason}. Starting GridHost headless instead.\n`);
  const child = spawn(process.execPath, [join(root, 'bin', 'gridhost.js'), 'start', '--headless', ...args], { stdio: ['inherit', 'pipe', 'inherit'] });
  const canOpen = !displayProblem(process.env, process.platform) && !process.env.GRIDHOST_NO_BROWSER;
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const match = /Dashboard: (https?:\/\/\S+)/.exec(String(chunk));
    if (match && canOpen && !opened) {
      opened = true;
      openInBrowser(match[1]);
    }
  });
  forwardSignals(child);
}

/** Opens the link where a browser exists; when none does, the printed link is enough. */
function openInBrowser(url) {
  const [command, commandArgs] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const opener = spawn(command, commandArgs, { stdio: 'ignore', detached: true });
  opener.on('error', () => process.stdout.write('No browser could be opened here: open the Dashboard link above yourself.\n'));
  opener.unref();
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  process.stderr.write('GridHost is not built yet. Run `npm run build` in the project folder, then try again.\n');
  process.exit(1);
}
const electron = electronBinary();
const noDisplay = displayProblem(process.env, process.platform);
if (!electron.path) startHeadless(electron.reason);
else if (noDisplay) startHeadless(noDisplay);
else {
  // The packaged-like run: the built app, never a dev server.
  const env = { ...process.env };
  delete env.ELECTRON_RENDERER_URL;
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron.path, [root, ...args], { stdio: 'inherit', env });
  child.on('error', (err) => startHeadless(`Electron did not start (${err.message})`));
  forwardSignals(child);
}
