import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GridClient } from '../../../src/main/core/grid/grid-client';
import { makeTestSigner } from '../../support/grid/test-node-signer';

const PATH_KEY = 'k3y-in-the-path-0123456789';
const QUERY_KEY = 'abcdef0123456789';

/** A real HTTP server that answers every request with one status and body, and records the URLs it got. */
async function server(status: number, body: string): Promise<{ origin: string; seen: IncomingMessage[]; close: () => void }> {
  const seen: IncomingMessage[] = [];
  const s: Server = createServer((req, res) => {
    seen.push(req);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen, close: () => s.close() };
}

const client = (baseUrl: string) =>
  new GridClient({ baseUrl, signer: makeTestSigner(), fetch, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, requestTimeoutMs: 2000 });

describe('a grid address that carries a key (in its path, or ?key=)', () => {
  let close: (() => void) | null = null;
  afterEach(() => {
    close?.();
    close = null;
  });

  it('is used whole for requests: the key path before the route, the query kept', async () => {
    const s = await server(200, JSON.stringify({ markets: [] }));
    close = s.close;
    await client(`${s.origin}/${PATH_KEY}?key=${QUERY_KEY}`).markets();
    expect(s.seen.map((r) => r.url)).toEqual([`/${PATH_KEY}/v1/markets?key=${QUERY_KEY}`]);
  });

  it.each([
    ['refuses', 403, JSON.stringify({ error: { code: 'not_onboarded', message: 'no' } })],
    ['is having trouble', 503, '{}'],
    ['answers something that is not JSON', 200, 'not json'],
  ])('is shown as its host only when the grid %s', async (_what, status, body) => {
    const s = await server(status, body);
    close = s.close;
    const err = (await client(`${s.origin}/${PATH_KEY}?key=${QUERY_KEY}`).markets().catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain(PATH_KEY);
    expect(err.message).not.toContain(QUERY_KEY);
    if (status !== 403) expect(err.message).toContain(`${s.origin}/…`);
  });

  it('is shown as its host only when the grid does not answer', async () => {
    const err = (await client(`http://127.0.0.1:9/${PATH_KEY}?key=${QUERY_KEY}`).markets().catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('The grid at http://127.0.0.1:9/… is not answering');
    expect(err.message).not.toContain(PATH_KEY);
    expect(err.message).not.toContain(QUERY_KEY);
  });
});
