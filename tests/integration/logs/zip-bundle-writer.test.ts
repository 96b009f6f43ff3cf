import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZipBundleReader } from '../../../src/main/adapters/logs/zip-bundle-reader';
import { ZipBundleWriter } from '../../../src/main/adapters/logs/zip-bundle-writer';

const run = promisify(execFile);

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-zip-writer-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** About `mib` MiB of log-like text that deflate cannot squeeze to nothing, in chunks of changing size. */
function largeText(mib: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mib * 1024 * 1024; i++) {
    const text = `{"t":"2026-11-25T10:00:${String(i % 60).padStart(2, '0')}.000Z","level":"info","msg":"step ${i}","hash":"${createHash('sha1').update(String(i)).digest('hex')}"}\n`;
    lines.push(text);
    size += text.length;
  }
  return Buffer.from(lines.join(''));
}

function inChunks(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = 1 + ((i * 104_729) % (300 * 1024));
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks);
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Writes the same entries with and without forced ZIP64; returns what each entry must hold. */
async function writeSample(path: string, forceZip64: boolean): Promise<Map<string, Buffer>> {
  const expected = new Map<string, Buffer>();
  const writer = new ZipBundleWriter(path, { forceZip64 });
  const large = largeText(12);
  await writer.addStream('logs/gridhost.log', inChunks(large));
  expected.set('logs/gridhost.log', large);
  for (let i = 0; i < 300; i++) {
    const name = `logs/jobs/gridhost-job-${i}-ütf8.log`;
    const content = Buffer.from(`job ${i}\n`.repeat(i));
    await (i % 2 === 0 ? writer.addStream(name, Readable.from(content.length > 0 ? [content] : [])) : writer.addBuffer(name, content));
    expected.set(name, content);
  }
  const manifest = Buffer.from(JSON.stringify({ format: 'gridhost-support-bundle' }));
  await writer.addBuffer('manifest.json', manifest);
  expected.set('manifest.json', manifest);
  const bytes = await writer.finish();
  expect(bytes).toBe((await stat(path)).size);
  return expected;
}

/** unzip's own integrity test (every CRC and size, from the central directory), then every entry extracted and compared. */
async function expectUnzipReads(path: string, expected: Map<string, Buffer>): Promise<void> {
  const tested = await run('unzip', ['-t', path], { maxBuffer: 16 * 1024 * 1024 });
  expect(tested.stdout).toMatch(/No errors detected in compressed data/);
  expect(tested.stdout.match(/^\s+testing: .+OK$/gm)).toHaveLength(expected.size);
  const dest = `${path}.extracted`;
  await run('unzip', ['-q', path, '-d', dest]);
  for (const [name, content] of expected) expect(sha(await readFile(join(dest, name))), name).toBe(sha(content));
  await rm(dest, { recursive: true });
}

describe('ZipBundleWriter (checked with the system unzip)', () => {
  it('writes a large streamed entry and hundreds of small ones that unzip tests and extracts byte for byte', async () => {
    const path = join(dir, 'bundle.zip');
    const expected = await writeSample(path, false);
    await expectUnzipReads(path, expected);
    // funzip reads the first entry as a stream, as a reader without the central directory would: it checks the
    // data descriptor that follows the data (it knows no ZIP64, hence only here).
    const streamed = await run('sh', ['-c', 'funzip < "$1"', 'funzip', path], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
    expect(sha(streamed.stdout)).toBe(sha(expected.get('logs/gridhost.log')!));
    // Extracted files are the owner's only, and nothing is left under the partial name.
    const listing = (await run('zipinfo', [path, 'manifest.json'])).stdout;
    expect(listing).toMatch(/^-rw-------/);
    expect(await readdir(dir)).toEqual(['bundle.zip']);
    // The classic records only: no ZIP64 end record for a small zip.
    expect((await readFile(path)).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(false);
  });

  it('writes ZIP64 records that unzip and the bundle reader accept', async () => {
    const path = join(dir, 'bundle64.zip');
    const expected = await writeSample(path, true);
    await expectUnzipReads(path, expected);
    expect((await readFile(path)).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    const details = (await run('zipinfo', ['-v', path, 'logs/gridhost.log'])).stdout;
    expect(details).toMatch(/minimum software version required to extract:\s+4\.5/);
    // The first entry's data descriptor, as zipdetails parses it: 8-byte sizes, the right CRC and length.
    const records = (await run('zipdetails', [path], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    const descriptor = /STREAMING DATA HEADER\s+08074B50\s+\S+\s+CRC\s+([0-9A-F]{8})\s+\S+\s+Compressed Length\s+[0-9A-F]{16}\s+\S+\s+Uncompressed Length\s+([0-9A-F]{16})/.exec(records);
    const large = expected.get('logs/gridhost.log')!;
    expect(descriptor?.slice(1).map((hex) => parseInt(hex, 16))).toEqual([crc32(large), large.length]);

    const reader = await ZipBundleReader.open(path);
    try {
      expect(reader.entries()).toHaveLength(expected.size);
      const chunks: Buffer[] = [];
      for await (const chunk of await reader.open('logs/gridhost.log')) chunks.push(chunk as Buffer);
      expect(sha(Buffer.concat(chunks))).toBe(sha(expected.get('logs/gridhost.log')!));
    } finally {
      reader.close();
    }
  });

  it('writes entries added without waiting one after the other, in the order added', async () => {
    const path = join(dir, 'bundle.zip');
    const writer = new ZipBundleWriter(path);
    const large = largeText(2);
    const adds = [
      writer.addStream('logs/b.log', inChunks(large)),
      writer.addBuffer('a.json', Buffer.from('{"a":1}')),
      writer.addStream('logs/c.log', Readable.from([Buffer.from('c\n')])),
    ];
    const [size] = await Promise.all([writer.finish(), ...adds]);
    expect(size).toBe((await stat(path)).size);
    await expectUnzipReads(
      path,
      new Map([
        ['logs/b.log', large],
        ['a.json', Buffer.from('{"a":1}')],
        ['logs/c.log', Buffer.from('c\n')],
      ]),
    );
    expect((await run('unzip', ['-Z1', path])).stdout.trim().split('\n')).toEqual(['logs/b.log', 'a.json', 'logs/c.log']);
  });

  it('rejects an entry whose stream fails, and abort leaves no file behind', async () => {
    const path = join(dir, 'bundle.zip');
    const writer = new ZipBundleWriter(path);
    await writer.addBuffer('checks.json', Buffer.from('[]'));
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk went away'));
      },
    });
    await expect(writer.addStream('logs/gridhost.log', failing)).rejects.toThrow(/disk went away/);
    // The zip is broken from there on: nothing more is added, and it is never finished under its name.
    await expect(writer.addBuffer('manifest.json', Buffer.from('{}'))).rejects.toThrow(/disk went away/);
    await expect(writer.finish()).rejects.toThrow(/disk went away/);
    expect(await readdir(dir)).toEqual(['bundle.zip.partial']);
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('replaces a leftover .partial, also a link to another file, with a new owner-only file and never writes through the link', async () => {
    const path = join(dir, 'bundle.zip');
    const target = join(dir, 'elsewhere.txt');
    await writeFile(target, 'not yours', { mode: 0o644 });
    await symlink(target, `${path}.partial`);
    const writer = new ZipBundleWriter(path);
    await writer.addBuffer('a.json', Buffer.from('{}'));
    await writer.finish();
    expect(await readFile(target, 'utf8')).toBe('not yours');
    expect((await lstat(path)).isSymbolicLink()).toBe(false);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await run('unzip', ['-tq', path]);
  });
});
