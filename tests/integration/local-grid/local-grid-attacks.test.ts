import { get } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../../../src/main/core/grid/protocol';
import { signRequest } from '../../../src/main/core/grid/request-signing';
import type { NodeSigner } from '../../../src/main/core/ports';
import { enrollmentWith } from '../../support/grid/benchmark-fixtures';
import { enrollVerifiedOverHttp } from '../../support/grid/verified-enrollment';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { startGridHarness, type GridHarness } from './grid-harness';

/** Sends a hand-made request so that a test can break it in one precise way. */
async function rawRequest(
  h: GridHarness,
  signer: NodeSigner,
  method: string,
  path: string,
  body: string,
  tamper: (headers: Record<string, string>) => { headers: Record<string, string>; body: string } = (headers) => ({ headers, body }),
): Promise<{ status: number; json: { error?: { code: string; message: string } } }> {
  const signed = await signRequest(signer, { method, origin: h.grid.url, path, body }, h.clock.now());
  const sent = tamper({ ...signed, 'content-type': 'application/json' });
  const res = await fetch(`${h.grid.url}${path}`, { method, headers: sent.headers, body: sent.body || undefined });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('local grid refuses hostile requests and changes nothing', () => {
  let h: GridHarness;
  let signer: NodeSigner;
  beforeEach(async () => {
    h = await startGridHarness();
    signer = makeTestSigner();
    await enrollVerifiedOverHttp(h.client(signer));
  });
  afterEach(async () => {
    await h.close();
  });

  async function expectRefusedUnchanged(
    send: () => Promise<{ status: number; json: { error?: { code: string; message: string } } }>,
    status: number,
    code: string,
  ): Promise<void> {
    const before = snapshotDatabase(h.dbPath);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.json.error?.code).toBe(code);
    expect(res.json.error?.message.length).toBeGreaterThan(10);
    expect(snapshotDatabase(h.dbPath)).toEqual(before);
  }

  it('a tampered body (signature over another body)', async () => {
    await expectRefusedUnchanged(
      () => rawRequest(h, signer, 'POST', '/v1/queue', '{}', (headers) => ({ headers, body: '{"x":1}' })),
      401,
      'bad_signature',
    );
  });

  it('a tampered signature', async () => {
    await expectRefusedUnchanged(
      () =>
        rawRequest(h, signer, 'POST', '/v1/queue', '{}', (headers) => {
          const sig = headers[HEADER_SIGNATURE]!;
          const flipped = (sig[0] === '2' ? '3' : '2') + sig.slice(1);
          return { headers: { ...headers, [HEADER_SIGNATURE]: flipped }, body: '{}' };
        }),
      401,
      'bad_signature',
    );
  });

  it('a request signed by one key but claiming another address', async () => {
    const other = makeTestSigner();
    await expectRefusedUnchanged(
      () => rawRequest(h, other, 'POST', '/v1/queue', '{}', (headers) => ({ headers: { ...headers, 'x-gridhost-address': signer.address }, body: '{}' })),
      401,
      'bad_signature',
    );
  });

  it('an old timestamp (61 s) and one from the future', async () => {
    const signedAt = async (offsetMs: number) => {
      const signed = await signRequest(signer, { method: 'POST', origin: h.grid.url, path: '/v1/queue', body: '{}' }, h.clock.now() + offsetMs);
      const res = await fetch(`${h.grid.url}/v1/queue`, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body: '{}' });
      return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
    };
    await expectRefusedUnchanged(() => signedAt(-61_000), 401, 'stale_timestamp');
    await expectRefusedUnchanged(() => signedAt(61_000), 401, 'stale_timestamp');
    // Within the window the same request is accepted: the refusal above was the timestamp's alone.
    expect((await signedAt(-59_000)).status).toBe(200);
  });

  it('a replayed request', async () => {
    const signed = await signRequest(signer, { method: 'POST', origin: h.grid.url, path: '/v1/queue', body: '{}' }, h.clock.now());
    const send = async () => {
      const res = await fetch(`${h.grid.url}/v1/queue`, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body: '{}' });
      return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
    };
    expect((await send()).status).toBe(200);
    await expectRefusedUnchanged(send, 409, 'replayed');
  });

  it('a replay is refused even after the grid restarts (seen signatures live in SQLite)', async () => {
    const signed = await signRequest(signer, { method: 'GET', origin: h.grid.url, path: '/v1/node', body: '' }, h.clock.now());
    // A fresh connection each time: the restarted grid listens on the same port, and a pooled socket died with the old one.
    const send = () =>
      new Promise<number>((resolve, reject) => {
        get(`${h.grid.url}/v1/node`, { headers: { ...signed }, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
    expect(await send()).toBe(200);
    await h.restart();
    expect(await send()).toBe(409);
  });

  it('an unknown node', async () => {
    const stranger = makeTestSigner();
    await expectRefusedUnchanged(() => rawRequest(h, stranger, 'GET', '/v1/node', ''), 403, 'unknown_node');
    await expectRefusedUnchanged(() => rawRequest(h, stranger, 'POST', '/v1/queue', '{}'), 403, 'unknown_node');
    await expectRefusedUnchanged(() => rawRequest(h, stranger, 'GET', '/v1/earnings', ''), 403, 'unknown_node');
  });

  it('missing signature headers', async () => {
    await expectRefusedUnchanged(
      () =>
        rawRequest(h, signer, 'POST', '/v1/queue', '{}', (headers) => {
          const { [HEADER_TIMESTAMP]: _dropped, ...rest } = headers;
          return { headers: rest, body: '{}' };
        }),
      401,
      'unsigned',
    );
  });

  it('malformed bodies: not JSON, wrong message, unknown field, negative numbers', async () => {
    const stranger = makeTestSigner();
    const enrollment = enrollmentWith();
    for (const body of [
      '{"termsVersion":',
      JSON.stringify({ ...enrollment, acceptTerms: false }),
      JSON.stringify({ ...enrollment, extra: 1 }),
      JSON.stringify({ ...enrollment, benchmark: { ...enrollment.benchmark, system: { cpuCores: -1, ramGiB: 1, diskFreeGB: 1 } } }),
      '[]',
    ]) {
      await expectRefusedUnchanged(() => rawRequest(h, stranger, 'POST', '/v1/node', body), 400, 'malformed_body');
    }
  });

  it('an oversized body', async () => {
    const big = JSON.stringify({ reason: 'x'.repeat(300 * 1024) });
    await expectRefusedUnchanged(() => rawRequest(h, signer, 'POST', '/v1/runs/run-1/quit', big), 413, 'body_too_large');
  });

  it('a run that belongs to another node', async () => {
    const owner = h.client(signer);
    await owner.joinQueue();
    h.grid.transaction(() => h.grid.coordinator.postJob({ market: 'nvidia-3060', definition: { version: '0.1' } }));
    const runId = (await owner.nextJob(0)).assignment!.run.id;
    const thief = makeTestSigner();
    await enrollVerifiedOverHttp(h.client(thief));
    await expectRefusedUnchanged(
      () => rawRequest(h, thief, 'POST', `/v1/runs/${runId}/finish`, JSON.stringify({ results: { exitCode: 0, durationMs: 1, logTail: '', ops: [] } })),
      404,
      'not_found',
    );
  });

  it('unknown routes and methods', async () => {
    await expectRefusedUnchanged(() => rawRequest(h, signer, 'GET', '/v1/nothing', ''), 404, 'not_found');
    await expectRefusedUnchanged(() => rawRequest(h, signer, 'PUT', '/v1/node', '{}'), 405, 'method_not_allowed');
  });
});
