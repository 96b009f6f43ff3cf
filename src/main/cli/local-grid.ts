import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { startLocalGridUnlessRunning } from '../../../tools/local-grid/local-grid-unless-running';

/** What the built reference grid (out/local-grid/) offers `gridhost start --grid local`. */
export interface LocalGridModule {
  startLocalGridUnlessRunning: typeof startLocalGridUnlessRunning;
}

/** The reference grid is not here: the packaged app, which does not ship it, or a checkout not built yet. */
export class LocalGridUnavailable extends Error {
  constructor() {
    super(
      'The local grid is a development tool that ships only with the source, not with the app. To try the whole ' +
        'loop on one machine, clone the repository, run `npm install` there (it builds), then ' +
        '`npx gridhost start --headless --grid local` (or `npm run grid` for the grid alone). ' +
        'To use another grid, start with --grid URL.',
    );
    this.name = 'LocalGridUnavailable';
  }
}

/** The local grid's entry as `npm run build` writes it: out/local-grid, beside the built CLI in out/main. */
const ENTRY = join('local-grid', 'local-grid-unless-running.js');

/**
 * Loads the reference grid from its own build. The path is computed at run time so the bundler never follows
 * it into out/main: the grid (and SQLite) stay out of the app, and only a source checkout has them.
 */
export async function loadLocalGrid(outDirs: readonly string[] = [join(__dirname, '..'), join(__dirname, '..', '..', '..', 'out')]): Promise<LocalGridModule> {
  const entry = outDirs.map((dir) => join(dir, ENTRY)).find((file) => existsSync(file));
  if (!entry) throw new LocalGridUnavailable();
  return (await import(pathToFileURL(entry).href)) as LocalGridModule;
}
