import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GridClient } from '../../../src/main/core/grid/grid-client';
import { GridError } from '../../../src/main/core/grid/grid-error';
import { makeTestSigner } from '../../support/grid/test-node-signer';

/** A real HTTP server that answers from a script, one entry per request, and records what it got. */
async function scriptedServer(script: ((res: ServerResponse) => void)[]): Promise<{ url: string; seen: IncomingMessage[]; server: Server }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const next = script.shift();
    if (next) next(res);
    else res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const markets = { markets: [] };

describe('GridClient retries', () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.close();
    server = null;
  });

  const client = (url: string, sleeps: number[] = []) =>
    new GridClient({
      baseUrl: url,
      signer: makeTestSigner(),
      fetch,
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });

  it('refuses an answer larger than any grid message, without holding it in memory', async () => {
    const s = await scriptedServer([(res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"markets":"${'x'.repeat(5 * 1024 * 1024)}"}`)]);
    server = s.server;
    const err = await client(s.url).markets().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GridError);
    expect(err).toMatchObject({ kind: 'bad_response', message: expect.stringMatching(/more than 4 MiB/) });
  });

  it('retries 5xx and 429 with growing backoff, signing each attempt anew', async () => {
    const s = await scriptedServer([json(503, { error: { code: 'busy', message: 'busy' } }), json(502, {}), json(200, markets)]);
    server = s.server;
    const sleeps: number[] = [];
    expect(await client(s.url, sleeps).markets()).toEqual([]);
    expect(s.seen).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]);
    const signatures = new Set(s.seen.map((r) => r.headers['x-gridhost-signature']));
    expect(signatures.size).toBe(3);
  });

  it('honours retry-after on 429', async () => {
    const s = await scriptedServer([json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '0.3' }), json(200, markets)]);
    server = s.server;
    const sleeps: number[] = [];
    await client(s.url, sleeps).markets();
    expect(sleeps).toEqual([300]);
  });

  it('never retries a 4xx, and carries the grid code and message', async () => {
    const s = await scriptedServer([json(403, { error: { code: 'not_onboarded', message: 'The node is waitlisted.' } }), json(200, markets)]);
    server = s.server;
    const err = await client(s.url).markets().catch((e: unknown) => e);
    expect(s.seen).toHaveLength(1);
    expect(err).toBeInstanceOf(GridError);
    expect(err).toMatchObject({ kind: 'refused', code: 'not_onboarded', status: 403, transient: false });
    expect((err as Error).message).toContain('The node is waitlisted.');
  });

  it('gives up after the last attempt with a `server` error', async () => {
    const s = await scriptedServer([json(500, {}), json(500, {}), json(500, {}), json(500, {}), json(200, markets)]);
    server = s.server;
    await expect(client(s.url).markets()).rejects.toMatchObject({ kind: 'server', status: 500 });
    expect(s.seen).toHaveLength(4);
  });

  it('refuses an answer that is not the protocol, without retrying', async () => {
    const s = await scriptedServer([json(200, { markets: [{ slug: 'X' }] })]);
    server = s.server;
    await expect(client(s.url).markets()).rejects.toMatchObject({ kind: 'bad_response' });
  });

  it('stops waiting when its signal aborts', async () => {
    const s = await scriptedServer([(res) => setTimeout(() => json(200, markets)(res), 5_000)]);
    server = s.server;
    const controller = new AbortController();
    const pending = client(s.url).nextJob(1000, controller.signal);
    setTimeout(() => controller.abort(new Error('host paused')), 50);
    await expect(pending).rejects.toThrow('host paused');
    server.closeAllConnections();
  });
});
