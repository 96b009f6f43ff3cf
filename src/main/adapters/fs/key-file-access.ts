import { chmod, readdir, stat } from 'node:fs/promises';
import type { JsonDocumentStore } from '../../core/ports';
import type { KeyFileAccess } from '../../core/wallet/ports';
import { JsonFileStore } from './json-file-store';

const OWNER_ONLY = 0o600;

/** The node key's folder on the local disk (the keystore's KeyFileAccess). */
export class FsKeyFileAccess implements KeyFileAccess {
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  document(path: string): JsonDocumentStore {
    return new JsonFileStore(path, OWNER_ONLY);
  }

  async list(folder: string): Promise<string[]> {
    try {
      return await readdir(folder);
    } catch {
      return [];
    }
  }

  async restrictToOwner(path: string): Promise<number | null> {
    // Windows files have no owner/group/other bits to tighten.
    if (this.platform === 'win32') return null;
    const { mode } = await stat(path);
    if ((mode & 0o077) === 0) return null;
    await chmod(path, OWNER_ONLY);
    return mode & 0o777;
  }
}
