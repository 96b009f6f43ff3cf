import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsKeyFileAccess } from '../../../../../src/main/adapters/fs/key-file-access';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-key-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('FsKeyFileAccess', () => {
  it('writes documents owner-only (0600) and reads them back', async () => {
    const path = join(dir, 'node-key.json');
    const document = new FsKeyFileAccess().document(path);
    expect(await document.read()).toBeNull();
    await document.write({ address: 'abc' });
    expect(await document.read()).toEqual({ address: 'abc' });
    expect(await modeOf(path)).toBe(0o600);
  });

  it('lists the names in a folder, and nothing for a folder that cannot be read', async () => {
    await writeFile(join(dir, 'node-key.json.corrupt-1'), 'x');
    await writeFile(join(dir, 'node-key.json'), '{}');
    expect((await new FsKeyFileAccess().list(dir)).sort()).toEqual(['node-key.json', 'node-key.json.corrupt-1']);
    expect(await new FsKeyFileAccess().list(join(dir, 'missing'))).toEqual([]);
  });

  it('makes a file others can read owner-only and returns its previous mode', async () => {
    const path = join(dir, 'node-key.json');
    await writeFile(path, '{}');
    await chmod(path, 0o644);
    expect(await new FsKeyFileAccess('linux').restrictToOwner(path)).toBe(0o644);
    expect(await modeOf(path)).toBe(0o600);
    // Already owner-only: nothing changes, nothing to say.
    expect(await new FsKeyFileAccess('linux').restrictToOwner(path)).toBeNull();
    expect(await modeOf(path)).toBe(0o600);
  });

  it('leaves permissions alone on Windows, which has no such bits', async () => {
    const path = join(dir, 'node-key.json');
    await writeFile(path, '{}');
    await chmod(path, 0o644);
    expect(await new FsKeyFileAccess('win32').restrictToOwner(path)).toBeNull();
    expect(await modeOf(path)).toBe(0o644);
  });
});
