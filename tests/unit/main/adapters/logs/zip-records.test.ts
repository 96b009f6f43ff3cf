import { describe, expect, it } from 'vitest';
import { centralDirectoryRecord, dataDescriptor, dosDateTime, endOfCentralDirectory, type ZipEntry } from '../../../../../src/main/adapters/logs/zip-records';

const GIB = 1024 ** 3;

function entry(overrides: Partial<ZipEntry>): ZipEntry {
  return {
    name: Buffer.from('logs/gridhost.log'),
    crc32: 0x12345678,
    compressedSize: 1000,
    uncompressedSize: 5000,
    offset: 0,
    dataDescriptor: true,
    forceZip64: false,
    dos: dosDateTime(new Date(2026, 10, 25, 10, 30, 14)),
    ...overrides,
  };
}

// Sizes past 4 GiB cannot be written in a test's time; the writer's records for them are checked here.
describe('zip records past the classic limits', () => {
  it('gives an entry over 4 GiB, or one that starts past 4 GiB, ZIP64 sizes and offset in the central directory', () => {
    const small = centralDirectoryRecord(entry({}));
    expect(small.readUInt16LE(30)).toBe(0);
    expect(small.readUInt32LE(20)).toBe(1000);

    const late = centralDirectoryRecord(entry({ offset: 5 * GIB }));
    expect(late.readUInt32LE(42)).toBe(0xffffffff);
    expect(late.readUInt16LE(6)).toBe(45);
    const extra = late.subarray(46 + 17);
    expect(extra.readUInt16LE(0)).toBe(0x0001);
    expect([extra.readBigUInt64LE(4), extra.readBigUInt64LE(12), extra.readBigUInt64LE(20)]).toEqual([5000n, 1000n, BigInt(5 * GIB)]);

    const huge = entry({ uncompressedSize: 6 * GIB, compressedSize: 4.5 * GIB });
    expect(centralDirectoryRecord(huge).readUInt32LE(24)).toBe(0xffffffff);
    const descriptor = dataDescriptor(huge);
    expect(descriptor).toHaveLength(24);
    expect([descriptor.readBigUInt64LE(8), descriptor.readBigUInt64LE(16)]).toEqual([BigInt(4.5 * GIB), BigInt(6 * GIB)]);
    expect(dataDescriptor(entry({}))).toHaveLength(16);
  });

  it('ends with the ZIP64 end record and locator past 65,534 entries or 4 GiB of data, the classic record alone below', () => {
    expect(endOfCentralDirectory(300, 1000, 500, false)).toHaveLength(22);
    for (const [entries, offset] of [
      [70_000, 1000],
      [300, 5 * GIB],
    ] as const) {
      const end = endOfCentralDirectory(entries, offset, 500, false);
      expect(end).toHaveLength(56 + 20 + 22);
      expect(end.readUInt32LE(0)).toBe(0x06064b50);
      expect(end.readBigUInt64LE(32)).toBe(BigInt(entries));
      expect(end.readBigUInt64LE(48)).toBe(BigInt(offset));
      expect(end.readUInt32LE(56)).toBe(0x07064b50);
      expect(end.readBigUInt64LE(56 + 8)).toBe(BigInt(offset + 500));
      const classic = end.subarray(76);
      expect(classic.readUInt32LE(0)).toBe(0x06054b50);
      expect(classic.readUInt16LE(10)).toBe(0xffff);
      expect(classic.readUInt32LE(16)).toBe(0xffffffff);
    }
  });

  it('writes local time in MS-DOS form, clamped to the years it can hold', () => {
    const { date, time } = dosDateTime(new Date(2026, 10, 25, 10, 30, 14));
    expect([date >> 9, (date >> 5) & 15, date & 31]).toEqual([46, 11, 25]);
    expect([time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([10, 30, 14]);
    expect(dosDateTime(new Date(1970, 0, 1))).toEqual({ date: (1 << 5) | 1, time: 0 });
  });
});
