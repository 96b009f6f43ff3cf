import type { Readable } from 'node:stream';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import type { BundleReader } from '../../core/logs/ports';

/** Thrown when a file is not a readable zip; the message says what to do. */
export class BundleOpenError extends Error {
  override name = 'BundleOpenError';
}

/**
 * A support bundle read with yauzl: the central directory is read once, entries are opened on demand as
 * streams of their decompressed bytes (yauzl checks each against its declared size).
 */
export class ZipBundleReader implements BundleReader {
  private constructor(
    private readonly zip: ZipFile,
    private readonly byName: Map<string, Entry>,
  ) {}

  static async open(path: string): Promise<ZipBundleReader> {
    let zip: ZipFile;
    try {
      zip = await openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new BundleOpenError(`${path} does not exist. Check the path and try again.`);
      if (code === 'EACCES') throw new BundleOpenError(`${path} cannot be read (permission denied).`);
      throw new BundleOpenError(
        `${path} is not a support bundle: it is not a readable zip file (${(err as Error).message}). Export a new one with "gridhost logs export".`,
      );
    }
    const byName = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) {
        if (!entry.fileName.endsWith('/')) byName.set(entry.fileName, entry);
      }
    } catch (err) {
      zip.close();
      throw new BundleOpenError(`${path} is a damaged zip file (${(err as Error).message}). Export a new bundle.`);
    }
    return new ZipBundleReader(zip, byName);
  }

  entries(): Array<{ name: string; bytes: number }> {
    return [...this.byName.values()].map((e) => ({ name: e.fileName, bytes: e.uncompressedSize }));
  }

  async open(name: string): Promise<Readable> {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`The bundle has no entry named ${name}`);
    return this.zip.openReadStreamPromise(entry);
  }

  close(): void {
    this.zip.close();
  }
}
