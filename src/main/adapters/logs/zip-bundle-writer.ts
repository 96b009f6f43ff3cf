import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { BundleWriter } from '../../core/logs/ports';

/**
 * A support bundle written as a zip with yazl, entry after entry, straight to disk: memory stays flat however
 * large the logs are. The zip is written to `<path>.partial` and renamed when complete, so a crash or an
 * abort never leaves a half-written bundle under the name the owner chose.
 */
export class ZipBundleWriter implements BundleWriter {
  private readonly zip = new ZipFile();
  private readonly out: WriteStream;
  private readonly partialPath: string;
  private readonly done: Promise<void>;
  private readonly mtime = new Date();

  constructor(private readonly path: string) {
    this.partialPath = `${path}.partial`;
    this.out = createWriteStream(this.partialPath, { mode: 0o600 });
    this.done = new Promise((resolve, reject) => {
      this.out.on('close', resolve);
      this.out.on('error', reject);
      this.zip.outputStream.on('error', reject);
    });
    // An unhandled rejection here would crash the process; the caller sees the error from finish().
    this.done.catch(() => undefined);
    this.zip.outputStream.pipe(this.out);
  }

  addStream(name: string, content: Readable): Promise<void> {
    return new Promise((resolve, reject) => {
      content.once('end', resolve);
      content.once('error', reject);
      this.done.catch(reject);
      // The logs are most of a bundle: the fastest deflate level halves the work (its zip is about 15% larger than
      // at the default level 6), so that an export runs near the speed of `zip -r` (bench/support-bundle.ts).
      this.zip.addReadStream(content, name, { mtime: this.mtime, mode: 0o600, compressionLevel: 1 });
    });
  }

  async addBuffer(name: string, content: Buffer): Promise<void> {
    this.zip.addBuffer(content, name, { mtime: this.mtime, mode: 0o600 });
  }

  async finish(): Promise<number> {
    this.zip.end();
    await this.done;
    await rename(this.partialPath, this.path);
    return (await stat(this.path)).size;
  }

  async abort(): Promise<void> {
    this.zip.outputStream.unpipe(this.out);
    this.out.destroy();
    await rm(this.partialPath, { force: true });
  }
}
