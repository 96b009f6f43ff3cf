import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SPEEDTEST_BYTES } from '../../../src/main/core/grid/protocol';
import { startGridHarness, type GridHarness } from './grid-harness';

describe('local grid speed test (unsigned, capped, rate limited)', () => {
  let h: GridHarness;
  beforeEach(async () => {
    h = await startGridHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers ping with the server time', async () => {
    const res = await fetch(`${h.grid.url}/v1/speedtest/ping`);
    expect(await res.json()).toEqual({ serverTime: new Date(h.clock.now()).toISOString() });
  });

  it('sends exactly the bytes asked for, up to the cap', async () => {
    const res = await fetch(`${h.grid.url}/v1/speedtest/download?bytes=300000`);
    expect((await res.arrayBuffer()).byteLength).toBe(300_000);
    const over = await fetch(`${h.grid.url}/v1/speedtest/download?bytes=${MAX_SPEEDTEST_BYTES + 1}`);
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('bad_size');
  });

  it('counts uploads and refuses one over the cap', async () => {
    const res = await fetch(`${h.grid.url}/v1/speedtest/upload`, { method: 'POST', body: new Uint8Array(123_456) });
    expect(await res.json()).toMatchObject({ bytes: 123_456 });
    // Refused on the declared size, before the body is read: the answer comes while the upload is still going.
    const status = await new Promise<number>((resolve) => {
      const req = request(`${h.grid.url}/v1/speedtest/upload`, { method: 'POST', headers: { 'content-length': String(MAX_SPEEDTEST_BYTES + 1) } });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(1024));
    });
    expect(status).toBe(413);
  });

  it('limits each client to 200 MiB a minute, with retry-after', async () => {
    for (let i = 0; i < 8; i++) {
      const ok = await fetch(`${h.grid.url}/v1/speedtest/download?bytes=${MAX_SPEEDTEST_BYTES}`);
      expect(ok.status).toBe(200);
      await ok.arrayBuffer();
    }
    const limited = await fetch(`${h.grid.url}/v1/speedtest/download?bytes=${MAX_SPEEDTEST_BYTES}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(61_000);
    const again = await fetch(`${h.grid.url}/v1/speedtest/download?bytes=1`);
    expect(again.status).toBe(200);
  });
});
