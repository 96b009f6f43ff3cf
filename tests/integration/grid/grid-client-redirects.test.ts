import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GridClient } from '../../../src/main/core/grid/grid-client';
import { GridError } from '../../../src/main/core/grid/grid-error';
import { makeTestSigner } from '../../support/grid/test-node-signer';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('GridClient and redirects (a grid must not send the signed headers elsewhere)', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  async function redirectingGrid(status: number): Promise<{ gridUrl: string; target: string; received: IncomingHttpHeaders[] }> {
    const received: IncomingHttpHeaders[] = [];
    const elsewhere = createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ markets: [] }));
    });
    servers.push(elsewhere);
    const target = `${await listen(elsewhere)}/collect`;
    const grid = createServer((_req, res) => res.writeHead(status, { location: target }).end());
    servers.push(grid);
    return { gridUrl: await listen(grid), target, received };
  }

  for (const status of [301, 302, 307, 308]) {
    it(`refuses a ${status} as a bad response that names the target, and never calls it`, async () => {
      const { gridUrl, target, received } = await redirectingGrid(status);
      const client = new GridClient({ baseUrl: gridUrl, signer: makeTestSigner(), fetch, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
      const err = await client.markets().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GridError);
      expect(err).toMatchObject({ kind: 'bad_response', status });
      expect((err as Error).message).toContain(target);
      expect((err as Error).message).toMatch(/grid address in Settings/);
      expect(received).toEqual([]);
    });
  }
});
