import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/headless-process';

const homes: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => rm(home, { recursive: true, force: true })));
});

/** Runs `node bin/start.js` (what `npm start` runs after the build) until it prints the dashboard link. */
async function startLauncher(env: NodeJS.ProcessEnv): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'gridhost-start-'));
  homes.push(home);
  const base: NodeJS.ProcessEnv = { ...process.env, GRIDHOST_HOME: home, GRIDHOST_NO_BROWSER: '1' };
  delete base.DISPLAY;
  delete base.WAYLAND_DISPLAY;
  delete base.ELECTRON_OVERRIDE_DIST_PATH;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'start.js'), '--port', '0'], { cwd: REPO_ROOT, env: { ...base, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no dashboard link within 25 s:\n${out}`)), 25_000);
      child.stdout.on('data', () => {
        if (/Dashboard: https?:\/\/\S+/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`the launcher exited with ${code}:\n${out}`)));
    });
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  return out;
}

describe('npm start where Electron cannot run', () => {
  it('without the Electron binary: starts the host headless, prints the dashboard link and why', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-electron-'));
    homes.push(empty);
    // The electron package finds no binary there, as after an install that could not download it.
    const out = await startLauncher({ ELECTRON_OVERRIDE_DIST_PATH: empty, DISPLAY: ':0' });
    expect(out).toMatch(/^The GridHost window could not open: the Electron binary is missing .*\. Starting GridHost headless instead\.$/m);
    expect(out).toMatch(/Dashboard: https?:\/\/\S+/);
  });

  it('with a binary but no display: the same, saying there is no display', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'fake-electron-'));
    homes.push(dist);
    await mkdir(dist, { recursive: true });
    await writeFile(join(dist, 'electron'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const out = await startLauncher({ ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(out).toContain('The GridHost window could not open: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set). Starting GridHost headless instead.');
    expect(out).toMatch(/Dashboard: https?:\/\/\S+/);
  });
});
