import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RedactingStream } from '../../../../../src/main/core/logs/redacting-stream';
import { Redactor } from '../../../../../src/main/core/logs/redactor';

/**
 * Splits bytes into chunks of varying small sizes, the way a disk read never would, to stress boundaries; or,
 * given a size, into chunks of that size, as the support bundle reads.
 */
function chunked(bytes: Buffer, fixed?: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = fixed ?? 1 + ((i * 7919) % 5003);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks);
}

async function pass(input: Buffer, options: { jsonLines: boolean; startsMidLine?: boolean }, redactor = new Redactor(), chunkBytes?: number) {
  const stream = new RedactingStream(redactor, options);
  const out: Buffer[] = [];
  chunked(input, chunkBytes).pipe(stream);
  for await (const chunk of stream) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString('utf8'), stats: stream.stats };
}

describe('RedactingStream', () => {
  it('finds keys wherever the chunks of the file fall, over many blocks', async () => {
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

  it('gives the same text as redacting the whole file at once: the lines it passes untouched hold nothing to redact', async () => {
    const redactor = new Redactor();
    redactor.rememberKey(Keypair.generate().secretKey);
    redactor.rememberSecret('hl-token-9f8e7d6c5b4a');
    const key = Keypair.generate().secretKey;
    const samples = [
      '{"t":"2026-11-25T10:00:00.000Z","level":"info","msg":"job progress","component":"jobs","jobId":"job-1","seconds":3}',
      `{"t":"2026-11-25T10:00:01.000Z","level":"info","msg":"payout","address":"${Keypair.generate().publicKey.toBase58()}","dir":"/home/alice/x"}`,
      `[0:1] step 1 loss=0.5 tokens/s=1000 mem=7MiB`,
      `opened http://127.0.0.1:7777/#hl-token-9f8e7d6c5b4a and https://bob:pa55@registry.example.org/v2/`,
      `Authorization: Bearer eyJhbGciOi.xyz.abc; password: hunter2-x; token tok_1234abcd; mail carol@example.com`,
      Buffer.from(key).toString('hex').match(/../g)!.join(':'),
      `${Buffer.from(key).toString('hex').slice(0, 64)}\n${Buffer.from(key).toString('hex').slice(64)}`,
      JSON.stringify(Array.from(key), null, 2),
      `restored from legal winner thank year wave sausage worth useful legal winner thank yellow ok`,
      `key ${encodeURIComponent(Buffer.from(key).toString('base64'))} and ${bs58.encode(key).match(/.{1,6}/g)!.join(' ')}`,
      'plain words that hold nothing at all, 42 of them: nothing to see here',
    ];
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++) lines.push(samples[(i * 7) % samples.length]!);
    const text = `${lines.join('\n')}\n`;
    const { text: streamed } = await pass(Buffer.from(text), { jsonLines: false }, redactor);
    expect(streamed).toBe(redactor.redactText(text));
  });

  it('keeps a line with no newline whole, cutting it only away from its secrets', async () => {
    const keys = Array.from({ length: 2000 }, () => bs58.encode(Keypair.generate().secretKey));
    const line = keys.map((key, i) => `${'z'.repeat(i % 17)} ${key}`).join(' ');
    const { text, stats } = await pass(Buffer.from(line), { jsonLines: false });
    for (const key of keys) expect(text.includes(key)).toBe(false);
    expect(text.match(/\[REDACTED:key\]/g)).toHaveLength(keys.length);
    expect(stats).toMatchObject({ lines: 1, truncatedLastLine: true });
  });

  it('passes bytes that are not UTF-8 as U+FFFD and counts them, also next to a suspect', async () => {
    const input = Buffer.concat([Buffer.from('ok '), Buffer.from([0xff]), Buffer.from(' mail carol@example.com '), Buffer.from([0xc3]), Buffer.from('\n')]);
    const { text, stats } = await pass(input, { jsonLines: false });
    expect(text).toBe('ok \uFFFD mail [REDACTED:email] \uFFFD\n');
    expect(stats.undecodableBytes).toBe(2);
  });

  it('drops the partial first line when it starts mid-file', async () => {
    const { text } = await pass(Buffer.from('ne half of a line\nwhole line\n'), { jsonLines: false, startsMidLine: true });
    expect(text).toBe('whole line\n');
  });

  it('redacts a value on the line after its name (YAML, pretty-printed JSON), as redacting the whole text does', async () => {
    const cases = ['config:\n  password:\n    hunter2_xyz9\n', 'token=\nabc123def456\n', '{\n  "password":\n    "hunter2_pp"\n}\n'];
    const secrets = ['hunter2_xyz9', 'abc123def456', 'hunter2_pp'];
    for (const [i, input] of cases.entries()) {
      const whole = new Redactor().redactText(input);
      expect(whole).not.toContain(secrets[i]);
      const { text } = await pass(Buffer.from(input), { jsonLines: false });
      expect(text).toBe(whole);
    }
  });

  it('a line held past 1 MiB, thick with credentials, is cut where no name is parted from its value', async () => {
    // A credential every ~1.1 KiB leaves no place 512 bytes away from every name, so the stream must force a cut;
    // one value sits right where a blind cut would fall (1 MiB - 2 KiB, read in the bundle's 256 KiB blocks).
    const filler = 'lorem ipsum dolor sit amet. '.repeat(40);
    let line = '';
    const blind = 1024 * 1024 - 2048;
    while (line.length < blind - 3000) line += `password: Hx${String(line.length).padStart(7, '0')}zQ9 ${filler}`;
    line = line.padEnd(blind - 5 - 'password: '.length, 'x') + 'password: SECRETVALUEtail_zz9 ';
    while (line.length < 1.5 * 1024 * 1024) line += `password: Hx${String(line.length).padStart(7, '0')}zQ9 ${filler}`;
    const { text } = await pass(Buffer.from(`${line}\n`), { jsonLines: false }, new Redactor(), 256 * 1024);
    expect(text).not.toMatch(/tail_zz9|Hx\d{7}zQ9/);
    expect(text.match(/password: \[REDACTED/g)?.length).toBe(line.match(/password: /g)!.length);
  });
});
