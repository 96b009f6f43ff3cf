import { join } from 'node:path';

/**
 * The data folder: GRIDHOST_HOME when set, else the platform's app-data folder (the same folder Electron's
 * app.getPath('userData') gives for this app, so desktop and headless share settings and keys).
 */
export function resolveDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (env.GRIDHOST_HOME && env.GRIDHOST_HOME.trim() !== '') return env.GRIDHOST_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'GridHost');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'GridHost');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'gridhost');
}
