import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/core/host/event-bus';
import { startHeadlessServer, type HeadlessServer } from '../../../src/main/headless/headless-server';
import { API_PATH, SESSION_PATH, bearerAuthorization } from '../../../src/shared/wire';
import { RecordingLogger, sampleDispatcher } from '../../support/core-fakes';

/**
 * Anyone who can reach the port, without a token, must not be able to stop the host. The server runs in this
 * process, so an unhandled 'error' or a throw in a handler lands in `escaped` (and would end a real host).
 */
let server: HeadlessServer;
let rendererDir: string;
const escaped: unknown[] = [];
const record = (err: unknown) => escaped.push(err);

beforeAll(async () => {
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  rendererDir = await mkdtemp(join(tmpdir(), 'gridhost-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>GridHost</title>');
  server = await startHeadlessServer({ events: new EventBus(new RecordingLogger()), dispatcher: sampleDispatcher([]), logger: new RecordingLogger(), rendererDir, port: 0 });
});

beforeEach(() => {
  escaped.length = 0;
});

afterAll(async () => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
  await server.close();
  await rm(rendererDir, { recursive: true, force: true });
});

const hostHeader = () => `127.0.0.1:${server.port}`;
const upgradeHeaders = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: ${hostHeader()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

/**
 * Sends raw bytes, then either waits for the server to answer and close (up to `waitMs`), or resets the
 * connection after `resetAfterMs`. Resolves with what came back; never rejects.
 */
function sendRaw(data: string | Buffer, options: { resetAfterMs?: number; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const socket: Socket = connect(server.port, '127.0.0.1');
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(finish, options.waitMs ?? 2_000);
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('connect', () => {
      socket.write(data);
      if (options.resetAfterMs !== undefined) {
        setTimeout(() => {
          socket.resetAndDestroy();
          finish();
        }, options.resetAfterMs);
      }
    });
  });
}

async function sessionAnswers(): Promise<void> {
  const res = await fetch(`${server.origin}${SESSION_PATH}`, { headers: { authorization: bearerAuthorization(server.token) } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
}

/** A small seeded generator, so that a failing case can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function fuzzedRequests(count: number, seed: number): Array<{ data: Buffer; resetAfterMs?: number }> {
  const random = prng(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const methods = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'FOO', 'G ET', 'GET\0', '', 'CONNECT', 'PRI'];
  const paths = [
    '/', API_PATH, SESSION_PATH, '/%', '/%E0%A4%A', '/%zz', '/..%2f..%2fetc/passwd', 'http://a:99999/api', 'http://[::1/api',
    'http://127.0.0.1:1/api', '*', '//', '/api?%', '/\u00ff', `/${'a'.repeat(9000)}`, 'ftp://x/', '/api/support-bundles/%00.zip',
  ];
  const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'XYZ', ''];
  const headerSets = [
    `Host: ${hostHeader()}\r\n`,
    'Host: \r\n',
    `Host: ${hostHeader()}\r\nHost: evil\r\n`,
    `Host: ${hostHeader()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`,
    `Host: ${hostHeader()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n`,
    `Host: ${hostHeader()}\r\nUpgrade: h2c, websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\n`,
    `Host: ${hostHeader()}\r\nUpgrade: \u0000\r\nConnection: Upgrade\r\n`,
    `Host: ${hostHeader()}\r\nContent-Length: -1\r\n`,
    `Host: ${hostHeader()}\r\nContent-Length: 99999999999999999999\r\n`,
    `Host: ${hostHeader()}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n`,
    `Host: ${hostHeader()}\r\nOrigin: http://%zz\r\n`,
    `Host: ${hostHeader()}\r\nX-Big: ${'b'.repeat(20_000)}\r\n`,
    `Host: ${hostHeader()}\r\nbad header line\r\n`,
    `Host: ${hostHeader()}\r\nAuthorization: Bearer ${'\u00e9'.repeat(40)}\r\n`,
  ];
  const requests: Array<{ data: Buffer; resetAfterMs?: number }> = [];
  for (let i = 0; i < count; i++) {
    let text = `${pick(methods)} ${pick(paths)} ${pick(versions)}\r\n${pick(headerSets)}\r\n`;
    if (random() < 0.2) text = text.slice(0, Math.floor(random() * text.length));
    const data = Buffer.from(text, 'latin1');
    if (random() < 0.15) data[Math.floor(random() * data.length)] = Math.floor(random() * 256);
    requests.push({ data, ...(random() < 0.4 ? { resetAfterMs: Math.floor(random() * 5) } : {}) });
  }
  return requests;
}

describe('the headless server and hostile network input', () => {
  it('survives a TCP reset after a refused WebSocket upgrade', async () => {
    for (let i = 0; i < 30; i++) await sendRaw(upgradeHeaders('/nope'), { resetAfterMs: i % 3 });
    // Refused for a bad token too: the same path through refuse().
    for (let i = 0; i < 10; i++) await sendRaw(upgradeHeaders(API_PATH), { resetAfterMs: 0 });
    await new Promise((r) => setTimeout(r, 100));
    expect(escaped).toEqual([]);
    await sessionAnswers();
  });

  it('answers an absolute-form URL in an upgrade request with an error, not a crash', async () => {
    const answer = await sendRaw(upgradeHeaders('http://a:99999/api'));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(await sendRaw(`GET http://a:99999/api HTTP/1.1\r\nHost: ${hostHeader()}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    expect(escaped).toEqual([]);
    await sessionAnswers();
  });

  it('answers invalid percent-encoding and odd methods without failing', async () => {
    expect(await sendRaw(`GET /%E0%A4%A HTTP/1.1\r\nHost: ${hostHeader()}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    expect(await sendRaw(`DELETE / HTTP/1.1\r\nHost: ${hostHeader()}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 405 /);
    expect(await sendRaw(`GET / HTTP/1.1\r\nHost: ${hostHeader()}\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431 /);
    expect(escaped).toEqual([]);
    await sessionAnswers();
  });

  it('still answers /api/session after a fuzzed batch of malformed requests and resets', async () => {
    const batch = fuzzedRequests(300, 11);
    // A few at a time: bounded in count, in time and in open sockets.
    for (let i = 0; i < batch.length; i += 10) {
      await Promise.all(batch.slice(i, i + 10).map((r) => sendRaw(r.data, { waitMs: 300, ...r })));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(escaped).toEqual([]);
    await sessionAnswers();
  }, 60_000);
});
