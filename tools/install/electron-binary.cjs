#!/usr/bin/env node
'use strict';
/**
 * `npm install`'s postinstall: fetches the Electron binary by running the electron package's own install script
 * (which package.json's allowScripts keeps npm from running directly), and lets the install finish when the
 * download fails (no network, a proxy, a sandbox): GridHost then runs headless (`npm start` says so).
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips the download on purpose.
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const script = join(__dirname, '..', '..', 'node_modules', 'electron', 'install.js');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(script)) process.exit(0);

const child = spawn(process.execPath, [script], { stdio: ['ignore', 'inherit', 'pipe'], cwd: join(script, '..') });
let errors = '';
child.stderr.on('data', (chunk) => (errors += chunk));
child.on('exit', (code) => {
  if (code === 0) return process.exit(0);
  const firstLine = errors.split('\n').find((line) => line.trim() && !line.trim().startsWith('at ')) ?? `exit code ${code}`;
  process.stderr.write(
    `\nGridHost: the Electron binary could not be downloaded (${firstLine.trim()}).\n` +
      'The install goes on without it: `npm start` runs GridHost headless with its dashboard in your browser.\n' +
      'For the desktop window, connect to the internet and run `node node_modules/electron/install.js`.\n\n',
  );
  process.exit(0);
});
