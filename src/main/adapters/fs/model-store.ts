import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ModelEntry, ModelStore } from '../../core/resources/ports';
import { writeFileAtomic } from './json-file-store';

/**
 * The model cache on disk, in the data folder's `models/`: `<key>/` holds an entry's files (what its volume binds,
 * read-only), `<key>.entry.json` says it is complete (`{bytes, lastUsedMs}`), and `.partial/` holds files being
 * downloaded, renamed into place only once checked. A folder without its record is an interrupted download and is
 * never listed; a retry keeps the files already in place (they were checked) and fetches the rest. Files are world-readable so that a container running
 * as any user can read them; nothing in it is writable by a job.
 */
export class FsModelStore implements ModelStore {
  constructor(private readonly root: string) {}

  async list(): Promise<ModelEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const entries: ModelEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.entry.json'))) {
      try {
        const record = JSON.parse(await readFile(join(this.root, name), 'utf8')) as { bytes?: unknown; lastUsedMs?: unknown };
        if (typeof record.bytes === 'number' && typeof record.lastUsedMs === 'number') {
          entries.push({ key: name.slice(0, -'.entry.json'.length), bytes: record.bytes, lastUsedMs: record.lastUsedMs });
        }
      } catch {
        // An unreadable record is an entry that does not count; fetching it again replaces it.
      }
    }
    return entries;
  }

  folderOf(key: string): string {
    return join(this.root, key);
  }

  async fileSize(key: string, path: string): Promise<number | null> {
    try {
      return (await stat(this.inside(key, path))).size;
    } catch {
      return null;
    }
  }

  async writeFile(key: string, path: string, chunks: AsyncIterable<Uint8Array>, check: () => string | null): Promise<void> {
    const destination = this.inside(key, path);
    const partial = join(this.root, '.partial');
    await mkdir(partial, { recursive: true, mode: 0o755 });
    const temp = join(partial, `${key}-${randomBytes(6).toString('hex')}`);
    try {
      await pipeline(Readable.from(chunks), createWriteStream(temp, { mode: 0o644 }));
      const problem = check();
      if (problem !== null) throw new Error(problem);
      await mkdir(dirname(destination), { recursive: true, mode: 0o755 });
      await rename(temp, destination);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async complete(key: string, bytes: number, nowMs: number): Promise<void> {
    await writeFileAtomic(this.recordOf(key), `${JSON.stringify({ bytes, lastUsedMs: nowMs })}\n`, 0o644);
  }

  async touch(key: string, nowMs: number): Promise<void> {
    const record = JSON.parse(await readFile(this.recordOf(key), 'utf8')) as { bytes: number };
    await writeFileAtomic(this.recordOf(key), `${JSON.stringify({ bytes: record.bytes, lastUsedMs: nowMs })}\n`, 0o644);
    await utimes(this.folderOf(key), nowMs / 1000, nowMs / 1000).catch(() => undefined);
  }

  /** The record goes first: a crash part way leaves an incomplete folder, never a record without its files. */
  async remove(key: string): Promise<void> {
    await rm(this.recordOf(key), { force: true });
    await rm(this.folderOf(key), { recursive: true, force: true });
  }

  private inside(key: string, path: string): string {
    const folder = this.folderOf(key);
    const destination = resolve(folder, path);
    if (!destination.startsWith(folder + sep)) throw new Error(`"${path}" is not inside the model's folder`);
    return destination;
  }

  private recordOf(key: string): string {
    return join(this.root, `${key}.entry.json`);
  }
}
