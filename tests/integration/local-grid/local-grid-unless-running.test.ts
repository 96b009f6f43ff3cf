import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startLocalGridUnlessRunning, type LocalGridHandle } from '../../../tools/local-grid/local-grid-unless-running';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('startLocalGridUnlessRunning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridhost-lg-unless-'));
  const handles: LocalGridHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0).reverse()) await h.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a grid on the URL\'s port when none answers, and reuses it when one does', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const first = await startLocalGridUnlessRunning(url, { dbPath: join(dir, 'a.sqlite'), feeder: false });
    handles.push(first);
    expect(first).toMatchObject({ url, startedHere: true });
    expect((await fetch(`${url}/v1/speedtest/ping`)).status).toBe(200);

    const second = await startLocalGridUnlessRunning(url, { dbPath: join(dir, 'b.sqlite'), feeder: false });
    handles.push(second);
    expect(second).toMatchObject({ url, startedHere: false });
  });

  it('refuses a grid address that is not this machine', async () => {
    await expect(startLocalGridUnlessRunning('http://grid.example.com:7070', { dbPath: join(dir, 'c.sqlite') })).rejects.toThrow(/127\.0\.0\.1 only/);
  });
});
