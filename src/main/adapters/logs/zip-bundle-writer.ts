import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, createDeflateRaw, deflateRaw } from 'node:zlib';
import type { BundleWriter } from '../../core/logs/ports';
import {
  centralDirectoryRecord,
  dataDescriptor,
  dosDateTime,
  endOfCentralDirectory,
  localFileHeader,
  type DosDateTime,
  type ZipEntry,
} from './zip-records';

const deflateBuffer = promisify(deflateRaw);

/**
 * The logs are most of a bundle: the fastest deflate level halves the work (its zip is about 15% larger than at
 * the default level 6), so that an export runs faster than `zip -r` (bench/support-bundle.ts).
 */
const LEVEL = 1;
/** Deflate's output comes in large pieces: fewer writes (it runs on libuv's thread pool, beside the redaction). */
const DEFLATE_OUTPUT_BYTES = 256 * 1024;

export interface ZipBundleWriterOptions {
  /** ZIP64 records for every entry and the end, whatever the sizes: lets a test check them without 4 GiB. */
  forceZip64?: boolean;
}

/**
 * A support bundle written as a zip, entry after entry, straight to disk: memory stays flat however large the
 * logs are. The CRC is zlib's native one and deflate runs off the main thread (yazl computed its CRC in
 * JavaScript, nearly a fifth of an export's time). The zip is written to `<path>.partial` (owner-only) and renamed
 * when complete, so a crash or an abort never leaves a half-written bundle under the name the owner chose.
 */
export class ZipBundleWriter implements BundleWriter {
  private readonly partialPath: string;
  private readonly opened: Promise<FileHandle>;
  private readonly entries: ZipEntry[] = [];
  private readonly dos: DosDateTime = dosDateTime(new Date());
  private readonly forceZip64: boolean;
  /** Bytes written so far: the offset of the next record. */
  private offset = 0;
  /** The entry being written: an entry added meanwhile waits for it (BundleWriter: one after the other). */
  private previous: Promise<unknown> = Promise.resolve();
  /** Why an entry failed: the zip is broken from there on, so every later add and finish() fails with it. */
  private failure: unknown = null;

  constructor(
    private readonly path: string,
    options: ZipBundleWriterOptions = {},
  ) {
    this.partialPath = `${path}.partial`;
    this.forceZip64 = options.forceZip64 ?? false;
    // A leftover `.partial` (an export cut short, or a link someone put there) is removed, and the file made anew
    // ('wx' never follows a link nor keeps another file's permissions).
    this.opened = rm(this.partialPath, { force: true }).then(() => open(this.partialPath, 'wx', 0o600));
    // An unhandled rejection here would crash the process; the caller sees the error from the first add.
    this.opened.catch(() => undefined);
  }

  addStream(name: string, content: Readable): Promise<void> {
    return this.inTurn(() => this.writeStream(name, content));
  }

  addBuffer(name: string, content: Buffer): Promise<void> {
    return this.inTurn(() => this.writeBuffer(name, content));
  }

  finish(): Promise<number> {
    return this.inTurn(async () => {
      const directoryOffset = this.offset;
      await this.write(Buffer.concat(this.entries.map(centralDirectoryRecord)));
      await this.write(endOfCentralDirectory(this.entries.length, directoryOffset, this.offset - directoryOffset, this.forceZip64));
      await (await this.opened).close();
      await rename(this.partialPath, this.path);
      return (await stat(this.path)).size;
    });
  }

  async abort(): Promise<void> {
    const handle = await this.opened.catch(() => null);
    await handle?.close().catch(() => undefined);
    await rm(this.partialPath, { force: true });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.previous.then(async () => {
      if (this.failure !== null) throw this.failure;
      try {
        return await work();
      } catch (err) {
        this.failure = err;
        throw err;
      }
    });
    this.previous = turn.catch(() => undefined);
    return turn;
  }

  private async writeStream(name: string, content: Readable): Promise<void> {
    const entry = this.entry(name, true);
    await this.write(localFileHeader(entry));
    const deflate = createDeflateRaw({ level: LEVEL, chunkSize: DEFLATE_OUTPUT_BYTES });
    await pipeline(
      content,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          entry.crc32 = crc32(chunk, entry.crc32);
          entry.uncompressedSize += chunk.length;
          yield chunk;
        }
      },
      deflate,
      async (compressed: AsyncIterable<Buffer>) => {
        for await (const chunk of compressed) {
          entry.compressedSize += chunk.length;
          await this.write(chunk);
        }
      },
    );
    await this.write(dataDescriptor(entry));
    this.entries.push(entry);
  }

  private async writeBuffer(name: string, content: Buffer): Promise<void> {
    const entry = this.entry(name, false);
    const compressed = await deflateBuffer(content, { level: LEVEL });
    entry.crc32 = crc32(content);
    entry.uncompressedSize = content.length;
    entry.compressedSize = compressed.length;
    await this.write(localFileHeader(entry));
    await this.write(compressed);
    this.entries.push(entry);
  }

  private entry(name: string, streamed: boolean): ZipEntry {
    return {
      name: Buffer.from(name, 'utf8'),
      crc32: 0,
      compressedSize: 0,
      uncompressedSize: 0,
      offset: this.offset,
      dataDescriptor: streamed,
      forceZip64: this.forceZip64,
      dos: this.dos,
    };
  }

  private async write(bytes: Buffer): Promise<void> {
    const handle = await this.opened;
    let done = 0;
    while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done, this.offset + done)).bytesWritten;
    this.offset += bytes.length;
  }
}
