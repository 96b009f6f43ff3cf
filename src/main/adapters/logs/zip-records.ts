/**
 * The records of a zip file (PKWARE's APPNOTE.TXT), as buffers: local file headers, data descriptors, the
 * central directory and its end, with the ZIP64 forms where a size, an offset or the number of entries does
 * not fit the classic 16- and 32-bit fields. Pure functions; zip-bundle-writer.ts writes them.
 */

/** What the central directory says of one entry. */
export interface ZipEntry {
  /** The name as UTF-8 bytes (the UTF-8 flag is set). */
  name: Buffer;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where its local file header starts. */
  offset: number;
  /** Sizes and CRC follow the data (a streamed entry) instead of being in the local header. */
  dataDescriptor: boolean;
  /** Written with ZIP64 fields whatever its sizes (the writer's `forceZip64`). */
  forceZip64: boolean;
  dos: DosDateTime;
}

export interface DosDateTime {
  date: number;
  time: number;
}

const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_SIZE = 22;
const ZIP64_END_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;
const DEFLATE = 8;
const FLAG_DATA_DESCRIPTOR = 1 << 3;
const FLAG_UTF8_NAME = 1 << 11;
const VERSION_DEFLATE = 20;
const VERSION_ZIP64 = 45;
/** Made by Unix (3), spec 6.3: the external attributes are a Unix mode. */
const VERSION_MADE_BY = (3 << 8) | 63;
/** A regular file readable and writable by its owner only, as the bundle's entries are extracted. */
const EXTERNAL_ATTRIBUTES = (0o100600 << 16) >>> 0;
const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;

/** Whether an entry needs ZIP64 fields in the central directory. */
export function entryNeedsZip64(entry: ZipEntry): boolean {
  return entry.forceZip64 || entry.compressedSize >= MAX_32 || entry.uncompressedSize >= MAX_32 || entry.offset >= MAX_32;
}

/**
 * The local file header. A streamed entry's sizes are not known yet: they are zero here and follow the data in
 * a data descriptor. With `forceZip64` it carries a ZIP64 extra field (sizes zero too).
 */
export function localFileHeader(entry: ZipEntry): Buffer {
  const zip64 = entry.forceZip64;
  const extra = zip64 ? zip64Extra([entry.dataDescriptor ? 0 : entry.uncompressedSize, entry.dataDescriptor ? 0 : entry.compressedSize]) : EMPTY;
  const header = Buffer.alloc(LOCAL_HEADER_SIZE);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFLATE, 4);
  header.writeUInt16LE(flags(entry), 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(entry.dos.time, 10);
  header.writeUInt16LE(entry.dos.date, 12);
  if (!entry.dataDescriptor) {
    header.writeUInt32LE(entry.crc32, 14);
    header.writeUInt32LE(zip64 ? MAX_32 : entry.compressedSize, 18);
    header.writeUInt32LE(zip64 ? MAX_32 : entry.uncompressedSize, 22);
  } else if (zip64) {
    header.writeUInt32LE(MAX_32, 18);
    header.writeUInt32LE(MAX_32, 22);
  }
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, entry.name, extra]);
}

/**
 * The data descriptor after a streamed entry: 8-byte sizes when the entry is ZIP64 (forced, or over 4 GiB;
 * readers take the sizes from the central directory, which says so too).
 */
export function dataDescriptor(entry: ZipEntry): Buffer {
  const zip64 = entry.forceZip64 || entry.compressedSize >= MAX_32 || entry.uncompressedSize >= MAX_32;
  const out = Buffer.alloc(zip64 ? 24 : 16);
  out.writeUInt32LE(0x08074b50, 0);
  out.writeUInt32LE(entry.crc32, 4);
  if (zip64) {
    out.writeBigUInt64LE(BigInt(entry.compressedSize), 8);
    out.writeBigUInt64LE(BigInt(entry.uncompressedSize), 16);
  } else {
    out.writeUInt32LE(entry.compressedSize, 8);
    out.writeUInt32LE(entry.uncompressedSize, 12);
  }
  return out;
}

export function centralDirectoryRecord(entry: ZipEntry): Buffer {
  const zip64 = entryNeedsZip64(entry);
  const extra = zip64 ? zip64Extra([entry.uncompressedSize, entry.compressedSize, entry.offset]) : EMPTY;
  const record = Buffer.alloc(CENTRAL_HEADER_SIZE);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(VERSION_MADE_BY, 4);
  record.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFLATE, 6);
  record.writeUInt16LE(flags(entry), 8);
  record.writeUInt16LE(DEFLATE, 10);
  record.writeUInt16LE(entry.dos.time, 12);
  record.writeUInt16LE(entry.dos.date, 14);
  record.writeUInt32LE(entry.crc32, 16);
  record.writeUInt32LE(zip64 ? MAX_32 : entry.compressedSize, 20);
  record.writeUInt32LE(zip64 ? MAX_32 : entry.uncompressedSize, 24);
  record.writeUInt16LE(entry.name.length, 28);
  record.writeUInt16LE(extra.length, 30);
  // Comment length, disk number and internal attributes stay 0.
  record.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  record.writeUInt32LE(zip64 ? MAX_32 : entry.offset, 42);
  return Buffer.concat([record, entry.name, extra]);
}

/**
 * The end of the central directory, preceded by the ZIP64 end record and its locator when the entries, the
 * directory's size or its offset do not fit the classic record (or `forceZip64`).
 */
export function endOfCentralDirectory(entries: number, directoryOffset: number, directorySize: number, forceZip64: boolean): Buffer {
  const zip64 = forceZip64 || entries >= MAX_16 || directoryOffset >= MAX_32 || directorySize >= MAX_32;
  const end = Buffer.alloc(END_SIZE);
  end.writeUInt32LE(0x06054b50, 0);
  // This disk and the directory's disk stay 0.
  end.writeUInt16LE(zip64 ? MAX_16 : entries, 8);
  end.writeUInt16LE(zip64 ? MAX_16 : entries, 10);
  end.writeUInt32LE(zip64 ? MAX_32 : directorySize, 12);
  end.writeUInt32LE(zip64 ? MAX_32 : directoryOffset, 16);
  if (!zip64) return end;

  const record = Buffer.alloc(ZIP64_END_SIZE);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(BigInt(ZIP64_END_SIZE - 12), 4);
  record.writeUInt16LE(VERSION_MADE_BY, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  record.writeBigUInt64LE(BigInt(entries), 24);
  record.writeBigUInt64LE(BigInt(entries), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(ZIP64_LOCATOR_SIZE);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}

/** MS-DOS date and time in local time (what unzip shows), clamped to the years the format can hold. */
export function dosDateTime(at: Date): DosDateTime {
  const year = at.getFullYear();
  if (year < 1980) return { date: (1 << 5) | 1, time: 0 };
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
  };
}

const EMPTY = Buffer.alloc(0);

function flags(entry: ZipEntry): number {
  return FLAG_UTF8_NAME | (entry.dataDescriptor ? FLAG_DATA_DESCRIPTOR : 0);
}

/** The ZIP64 extended information extra field with the given 8-byte values, in the order APPNOTE sets. */
function zip64Extra(values: number[]): Buffer {
  const field = Buffer.alloc(4 + 8 * values.length);
  field.writeUInt16LE(0x0001, 0);
  field.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, i) => field.writeBigUInt64LE(BigInt(value), 4 + 8 * i));
  return field;
}
