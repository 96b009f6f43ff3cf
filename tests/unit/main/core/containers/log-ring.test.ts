import { describe, expect, it } from 'vitest';
import { LogRing } from '../../../../../src/main/core/containers/log-ring';

const out = (s: string) => ({ stream: 'stdout' as const, data: Buffer.from(s) });
const err = (s: string) => ({ stream: 'stderr' as const, data: Buffer.from(s) });

describe('LogRing', () => {
  it('returns lines per stream, joining lines cut across chunks and by the other stream', () => {
    const ring = new LogRing(1024);
    ring.push([out('hel'), out('lo\nwor')]);
    ring.push([err('oops\n'), out('ld\n')]);
    expect(ring.tail(10)).toEqual([
      { stream: 'stdout', text: 'hello' },
      { stream: 'stdout', text: 'world' },
      { stream: 'stderr', text: 'oops' },
    ]);
  });

  it('never holds more than its cap and keeps the newest output', () => {
    const ring = new LogRing(100);
    for (let i = 0; i < 1000; i += 1) ring.push([out(`line ${i}\n`)]);
    expect(ring.size).toBeLessThanOrEqual(100);
    const lines = ring.tail(1000);
    expect(lines.at(-1)).toEqual({ stream: 'stdout', text: 'line 999' });
    expect(ring.evictedBytes + ring.size).toBe(Array.from({ length: 1000 }, (_, i) => `line ${i}\n`.length).reduce((a, b) => a + b));
  });

  it('keeps only the tail of a batch larger than the cap, as a copy', () => {
    const ring = new LogRing(8);
    const big = Buffer.from('0123456789abcdef');
    ring.push([{ stream: 'stdout', data: big }]);
    big.fill(0x41);
    expect(ring.tail(1)).toEqual([{ stream: 'stdout', text: '89abcdef' }]);
  });

  it('limits the number of lines returned', () => {
    const ring = new LogRing(1024);
    ring.push([out('a\nb\nc\n')]);
    expect(ring.tail(2).map((l) => l.text)).toEqual(['b', 'c']);
  });
});
