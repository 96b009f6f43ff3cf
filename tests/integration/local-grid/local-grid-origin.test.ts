import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GridClient } from '../../../src/main/core/grid/grid-client';
import type { HttpFetch } from '../../../src/main/core/grid/ports';
import { signRequest } from '../../../src/main/core/grid/request-signing';
import { enrollmentWith } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { startGridHarness, type GridHarness } from './grid-harness';

interface Captured {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** The platform's fetch, keeping a copy of every request: what an attacker on the path (or a hostile grid) sees. */
function recordingFetch(into: Captured[]): HttpFetch {
  return (url, request) => {
    into.push({ url, method: request.method, headers: { ...request.headers }, body: request.body });
    return fetch(url, request);
  };
}

describe('a request signed for one grid cannot be replayed at another (the origin is signed)', () => {
  let a: GridHarness;
  let b: GridHarness;
  beforeEach(async () => {
    a = await startGridHarness();
    b = await startGridHarness();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('an enrollment sent to grid A, replayed at grid B within the window, is refused there and changes nothing', async () => {
    const captured: Captured[] = [];
    const signer = makeTestSigner();
    const clientA = new GridClient({ baseUrl: a.grid.url, signer, clock: a.clock, fetch: recordingFetch(captured) });
    expect((await clientA.enroll(enrollmentWith())).address).toBe(signer.address);
    const sent = captured.find((c) => c.method === 'POST')!;
    const path = new URL(sent.url).pathname;

    const before = snapshotDatabase(b.dbPath);
    const replay = await fetch(`${b.grid.url}${path}`, { method: sent.method, headers: sent.headers, body: sent.body });
    const body = (await replay.json()) as { error: { code: string; message: string } };
    expect(replay.status).toBe(401);
    expect(body.error.code).toBe('bad_signature');
    expect(body.error.message).toContain(b.grid.url);
    expect(snapshotDatabase(b.dbPath)).toEqual(before);
  });

  it('the same client speaking to grid B directly is accepted (the refusal was the origin alone)', async () => {
    const signer = makeTestSigner();
    const clientB = new GridClient({ baseUrl: b.grid.url, signer, clock: b.clock, fetch });
    expect((await clientB.enroll(enrollmentWith())).address).toBe(signer.address);
  });

  it('the loopback name localhost is the same grid as 127.0.0.1', async () => {
    const client = new GridClient({ baseUrl: b.grid.url.replace('127.0.0.1', 'localhost'), signer: makeTestSigner(), clock: b.clock, fetch });
    expect((await client.markets()).length).toBeGreaterThan(0);
  });
});

describe('a grid behind a proxy checks the public origin it is configured with', () => {
  let h: GridHarness;
  beforeEach(async () => {
    h = await startGridHarness({ publicOrigin: 'https://Grid.Example.com:443/' });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Sends a request signed for `origin` to the grid's socket, as a TLS-terminating proxy would pass it on. */
  async function viaProxy(origin: string): Promise<{ status: number; code: string | null }> {
    const headers = await signRequest(makeTestSigner(), { method: 'GET', origin, path: '/v1/markets', body: '' }, h.clock.now());
    const res = await fetch(`${h.grid.url}/v1/markets`, { headers: { ...headers } });
    const body = (await res.json()) as { error?: { code: string } };
    return { status: res.status, code: body.error?.code ?? null };
  }

  it('accepts requests signed for the public origin, and refuses those signed for its own socket address', async () => {
    expect(await viaProxy('https://grid.example.com')).toEqual({ status: 200, code: null });
    expect(await viaProxy(h.grid.url)).toEqual({ status: 401, code: 'bad_signature' });
    expect(await viaProxy('https://evil.example.com')).toEqual({ status: 401, code: 'bad_signature' });
  });

  it('refuses a public origin that is not an http(s) address, saying what it expects', async () => {
    await expect(startGridHarness({ publicOrigin: 'grid.example.com' })).rejects.toThrow(/http\(s\) address hosts use to reach this grid/);
  });
});
