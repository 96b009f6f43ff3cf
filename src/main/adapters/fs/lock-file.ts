import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import type { LockFile } from '../../core/lock/ports';
import { writeFileAtomic } from './json-file-store';

/**
 * The data folder's lock file (core/lock/ports.ts). Created whole: the text goes to an owner-only temp file
 * which is then hard-linked to the lock's name, and a link fails when the name exists; so no reader ever sees
 * an empty or half-written lock. Where the file system has no hard links, an exclusive create (`wx`) is used.
 */
export class FsLockFile implements LockFile {
  constructor(readonly path: string) {}

  async create(text: string): Promise<boolean> {
    const tmp = this.sibling('new');
    await writeWhole(tmp, text);
    try {
      await link(tmp, this.path);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return this.createExclusive(text);
      throw err;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async replace(text: string): Promise<void> {
    await writeFileAtomic(this.path, text, 0o600);
  }

  async moveAside(): Promise<{ text: string; putBack(): Promise<void>; discard(): Promise<void> } | null> {
    const aside = this.sibling('stale');
    try {
      await rename(this.path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const text = await readFile(aside, 'utf8');
    return {
      text,
      // A link, not a rename: it never replaces a lock another process made meanwhile.
      putBack: async () => {
        await link(aside, this.path).catch(() => undefined);
        await unlink(aside).catch(() => undefined);
      },
      discard: () => unlink(aside).catch(() => undefined),
    };
  }

  async remove(text: string): Promise<void> {
    if ((await this.read()) === text) await unlink(this.path).catch(() => undefined);
  }

  removeNow(text: string): void {
    try {
      if (readFileSync(this.path, 'utf8') === text) unlinkSync(this.path);
    } catch {
      // Gone already, or not ours to remove.
    }
  }

  private async createExclusive(text: string): Promise<boolean> {
    try {
      await writeWhole(this.path, text);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }

  private sibling(kind: string): string {
    return `${this.path}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
  }
}

async function writeWhole(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
