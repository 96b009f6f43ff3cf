import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../../src/main/adapters/fs/json-file-store';
import { resolveDataDir } from '../../../src/main/adapters/fs/data-folder';

describe('JsonFileStore (real files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridhost-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads null for a missing file, then round-trips a document with mode 0600 and no temp files left', async () => {
    const store = new JsonFileStore(join(dir, 'nested', 'settings.json'));
    expect(await store.read()).toBeNull();
    await store.write({ a: 1, b: ['x'] });
    expect(await store.read()).toEqual({ a: 1, b: ['x'] });
    expect((await stat(join(dir, 'nested', 'settings.json'))).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'nested'))).toEqual(['settings.json']);
  });

  it('replaces the whole document on every write', async () => {
    const store = new JsonFileStore(join(dir, 's.json'));
    await store.write({ long: 'x'.repeat(10_000) });
    await store.write({ short: true });
    expect(JSON.parse(await readFile(join(dir, 's.json'), 'utf8'))).toEqual({ short: true });
  });

  it('throws on corrupt JSON and moves the file aside without losing it', async () => {
    const path = join(dir, 's.json');
    await writeFile(path, '{"grid": {');
    const store = new JsonFileStore(path);
    await expect(store.read()).rejects.toThrow(SyntaxError);
    const moved = await store.quarantine();
    expect(await readFile(moved, 'utf8')).toBe('{"grid": {');
    expect(await store.read()).toBeNull();
  });
});

describe('resolveDataDir', () => {
  it('prefers GRIDHOST_HOME, else the platform app-data folder', () => {
    expect(resolveDataDir({ GRIDHOST_HOME: '/srv/gh' }, 'linux', '/home/a')).toBe('/srv/gh');
    expect(resolveDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/gridhost');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/gridhost');
    expect(resolveDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/GridHost');
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toMatch(/Roaming.GridHost$/);
  });
});
