import { describe, expect, it } from 'vitest';
import { LogFrameDemuxer } from '../../../../../src/main/adapters/docker/log-frame-demuxer';

function frame(type: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const text = (chunks: Array<{ stream: string; data: Uint8Array }>) => chunks.map((c) => ({ stream: c.stream, text: Buffer.from(c.data).toString() }));

describe('LogFrameDemuxer', () => {
  it('splits stdout and stderr and merges consecutive frames of one stream', () => {
    const d = new LogFrameDemuxer();
    expect(text(d.push(Buffer.concat([frame(1, 'a\n'), frame(1, 'b\n'), frame(2, 'e\n'), frame(1, 'c\n')])))).toEqual([
      { stream: 'stdout', text: 'a\nb\n' },
      { stream: 'stderr', text: 'e\n' },
      { stream: 'stdout', text: 'c\n' },
    ]);
  });

  it('joins headers and payloads cut at any byte', () => {
    const all = Buffer.concat([frame(1, 'hello world\n'), frame(2, 'bad\n'), frame(1, 'bye\n')]);
    for (let cut = 1; cut < all.length; cut += 1) {
      const d = new LogFrameDemuxer();
      const got = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))];
      const byStream = (s: string) => got.filter((c) => c.stream === s).map((c) => Buffer.from(c.data).toString()).join('');
      expect(byStream('stdout')).toBe('hello world\nbye\n');
      expect(byStream('stderr')).toBe('bad\n');
    }
  });

  it('passes raw (TTY) output through as stdout', () => {
    const d = new LogFrameDemuxer();
    expect(text(d.push(Buffer.from('plain text\n')))).toEqual([{ stream: 'stdout', text: 'plain text\n' }]);
    expect(text(d.push(Buffer.from('more')))).toEqual([{ stream: 'stdout', text: 'more' }]);
  });
});
