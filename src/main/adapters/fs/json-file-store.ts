import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JsonDocumentStore } from '../../core/ports';

/**
 * A JSON document on disk, replaced atomically: write a temp file beside it, fsync, rename over the old one,
 * fsync the folder. A crash mid-write leaves either the old or the new document, never half of one.
 */
export class JsonFileStore implements JsonDocumentStore {
  constructor(
    private readonly path: string,
    private readonly mode = 0o600,
  ) {}

  async read(): Promise<unknown | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as unknown;
  }

  async write(value: unknown): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(value, null, 2)}\n`, this.mode);
  }

  async quarantine(): Promise<string> {
    const target = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, target);
    return target;
  }
}

/** Writes a whole file atomically with the given mode. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const file = await open(tmp, 'w', mode);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  await syncFolder(dirname(path));
}

async function syncFolder(folder: string): Promise<void> {
  // Makes the rename durable on POSIX; Windows cannot open a folder for fsync, and does not need it.
  if (process.platform === 'win32') return;
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
