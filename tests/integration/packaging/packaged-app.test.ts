import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/headless-process';

// What the packaged app carries, checked on the built output (`npm test` builds first): the reference grid is
// a development tool that ships only with the source, so nothing of it may reach out/main; SQLite does ship, for
// the host's own database, unpacked from the asar archive because it is a native module.
const OUT_MAIN = join(REPO_ROOT, 'out', 'main');
const OUT_LOCAL_GRID = join(REPO_ROOT, 'out', 'local-grid');
/** A line only tools/local-grid/coordinator.ts has. */
const COORDINATOR_MARK = 'The node has a job running; finish or quit it before joining the queue again.';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) if ((await readFile(file, 'utf8')).includes(needle)) hits.push(file);
  return hits;
}

/** A list of electron-builder.yml: the "  - pattern" lines under the top-level `key:`. */
async function builderList(key: string): Promise<string[]> {
  const lines = (await readFile(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')).split('\n');
  const start = lines.indexOf(`${key}:`);
  expect(start).toBeGreaterThanOrEqual(0);
  const patterns: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const item = /^\s+-\s+'?([^']+?)'?\s*$/.exec(line);
    if (item) patterns.push(item[1]!);
  }
  return patterns;
}

describe('the packaged app leaves the local grid out', () => {
  beforeAll(() => {
    if (!existsSync(join(OUT_MAIN, 'cli.js'))) throw new Error('out/main is not built: run `npx electron-vite build` first');
  });

  it('builds the reference grid into out/local-grid and nothing of it into out/main', async () => {
    expect(await filesContaining(OUT_LOCAL_GRID, COORDINATOR_MARK)).toHaveLength(1);
    expect(await filesContaining(OUT_LOCAL_GRID, 'better-sqlite3')).toHaveLength(1);
    expect(await filesContaining(OUT_MAIN, COORDINATOR_MARK)).toEqual([]);
    expect(await filesContaining(OUT_MAIN, 'tools/local-grid')).toEqual([]);
  });

  it('excludes the grid build from electron-builder\'s files, and ships SQLite unpacked for the host database', async () => {
    const patterns = await builderList('files');
    expect(patterns).toContain('out/**');
    expect(patterns).toContain('!out/local-grid/**');
    expect(patterns.filter((p) => p.includes('better-sqlite3'))).toEqual([]);
    expect(await builderList('asarUnpack')).toContain('**/node_modules/better-sqlite3/**');
    expect(await filesContaining(OUT_MAIN, 'require("better-sqlite3")')).not.toEqual([]);
  });

  describe('gridhost start --grid local where the grid is missing', () => {
    let app: string;
    beforeAll(async () => {
      // The app as packaged: out/main and the package's manifest and dependencies, without out/local-grid.
      app = await mkdtemp(join(tmpdir(), 'gridhost-packaged-'));
      await cp(OUT_MAIN, join(app, 'out', 'main'), { recursive: true });
      await cp(join(REPO_ROOT, 'package.json'), join(app, 'package.json'));
      await symlink(join(REPO_ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
    });
    afterAll(async () => {
      await rm(app, { recursive: true, force: true });
    });

    it('says how to get the grid and exits 1 without a stack trace', async () => {
      const home = await mkdtemp(join(tmpdir(), 'gridhost-home-'));
      try {
        const child = spawn(process.execPath, [join(app, 'out', 'main', 'cli.js'), 'start', '--headless', '--port', '0', '--grid', 'local'], {
          env: { ...process.env, GRIDHOST_HOME: home },
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        expect(err).toContain('The local grid is a development tool that ships only with the source');
        expect(err).toContain('--grid URL');
        expect(err).not.toMatch(/^\s+at /m);
        expect(out).not.toContain('Dashboard:');
        expect(code).toBe(1);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    });
  });
});
