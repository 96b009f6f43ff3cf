import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RedactingStream } from '../../../../../src/main/core/logs/redacting-stream';
import { Redactor } from '../../../../../src/main/core/logs/redactor';

/** Splits bytes into chunks of varying small sizes, the way a disk read never would, to stress boundaries. */
function chunked(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = 1 + ((i * 7919) % 5003);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks);
}

async function pass(input: Buffer, options: { jsonLines: boolean; startsMidLine?: boolean }) {
  const stream = new RedactingStream(new Redactor(), options);
  const out: Buffer[] = [];
  chunked(input).pipe(stream);
  for await (const chunk of stream) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString('utf8'), stats: stream.stats };
}

describe('RedactingStream', () => {
  it('finds keys wherever the chunks of the file fall, over many 32 Ki passes', async () => {
    const keys: string[] = [];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const key = bs58.encode(Keypair.generate().secretKey);
      keys.push(key);
      lines.push(JSON.stringify({ t: `2026-11-25T10:00:${String(i % 60).padStart(2, '0')}.000Z`, level: 'info', msg: 'tick', key: `k ${key}`, i }));
    }
    const { text, stats } = await pass(Buffer.from(`${lines.join('\n')}\n`), { jsonLines: true });
    for (const key of keys) expect(text.includes(key)).toBe(false);
    expect(text.trimEnd().split('\n')).toHaveLength(3000);
    expect(stats).toMatchObject({ lines: 3000, foreignLines: 0, truncatedLastLine: false, firstTime: '2026-11-25T10:00:00.000Z', lastTime: '2026-11-25T10:00:59.000Z' });
  });

  it('counts foreign lines, bytes that are not text, and a cut-off last line', async () => {
    const input = Buffer.concat([
      Buffer.from('{"t":"2026-01-01T00:00:00.000Z","level":"info","msg":"a"}\nplain text\n'),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from('{"t":"2026-01-01T00:00:09.000Z","level":"info","msg":"cut'),
    ]);
    const { text, stats } = await pass(input, { jsonLines: true });
    expect(stats).toMatchObject({ lines: 4, foreignLines: 2, undecodableBytes: 1, truncatedLastLine: true, lastTime: '2026-01-01T00:00:09.000Z' });
    expect(text.endsWith('"msg":"cut')).toBe(true);
  });

  it('drops the partial first line when it starts mid-file', async () => {
    const { text } = await pass(Buffer.from('ne half of a line\nwhole line\n'), { jsonLines: false, startsMidLine: true });
    expect(text).toBe('whole line\n');
  });
});
