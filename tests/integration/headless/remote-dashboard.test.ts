import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../../../src/main/core/host/event-bus';
import { loadOrCreateDashboardCertificate, type DashboardCertificate } from '../../../src/main/headless/dashboard-certificate';
import { startHeadlessServer, type HeadlessServer } from '../../../src/main/headless/headless-server';
import { API_PATH, API_SUBPROTOCOL, SESSION_PATH, bearerAuthorization, bearerProtocol } from '../../../src/shared/wire';
import { RecordingLogger, sampleDispatcher } from '../../support/core-fakes';

/**
 * `--allow-remote`: the token must not cross the network in clear, and the Origin check must compare against
 * the addresses the host listens on, not against whatever Host header the request carries.
 */
let server: HeadlessServer;
let certificate: DashboardCertificate;
let home: string;
let rendererDir: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'gridhost-home-'));
  rendererDir = await mkdtemp(join(tmpdir(), 'gridhost-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>GridHost</title>');
  certificate = await loadOrCreateDashboardCertificate(home, ['127.0.0.1', 'localhost'], new RecordingLogger());
  // A wildcard address, reached here through the loopback interface only.
  server = await startHeadlessServer({
    events: new EventBus(new RecordingLogger()),
    dispatcher: sampleDispatcher([]),
    logger: new RecordingLogger(),
    rendererDir,
    host: '0.0.0.0',
    port: 0,
    allowRemote: true,
    tls: { key: certificate.key, cert: certificate.cert },
  });
});

afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
  await rm(rendererDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  fingerprint256: string;
}

/**
 * Trust only the dashboard's own certificate; the name check is left out because the tests send forged Host
 * headers, which Node's client would otherwise take as the name to verify.
 */
const pinned = () => ({ ca: certificate.cert, checkServerIdentity: () => undefined });

/** An HTTPS request to 127.0.0.1. */
function httpsGet(path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: server.port, path, headers, ...pinned() }, (res) => {
      const fingerprint256 = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, fingerprint256 }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsStatus(headers: Record<string, string>): Promise<number | 'open'> {
  const ws = new WebSocket(`wss://127.0.0.1:${server.port}${API_PATH}`, [API_SUBPROTOCOL, bearerProtocol(server.token)], { headers, ...pinned() });
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

const local = () => `127.0.0.1:${server.port}`;
const auth = () => ({ authorization: bearerAuthorization(server.token) });

describe('the remote dashboard', () => {
  it('refuses a non-loopback address without --allow-remote, and without a certificate', async () => {
    const base = { events: new EventBus(new RecordingLogger()), dispatcher: sampleDispatcher([]), logger: new RecordingLogger(), rendererDir, port: 0 };
    await expect(startHeadlessServer({ ...base, host: '0.0.0.0' })).rejects.toThrow(/--allow-remote/);
    await expect(startHeadlessServer({ ...base, host: '0.0.0.0', allowRemote: true })).rejects.toThrow(/without TLS/);
  });

  it('serves HTTPS with the certificate whose fingerprint was printed, and links to an https origin', async () => {
    const answer = await httpsGet(SESSION_PATH, { host: local(), ...auth() });
    expect(answer.status).toBe(200);
    expect(answer.fingerprint256).toBe(certificate.fingerprint256);
    expect(server.dashboardUrl).toMatch(/^https:\/\//);
    expect(server.allowedOrigins).toContain(`https://127.0.0.1:${server.port}`);
    expect(server.allowedOrigins.every((o) => o.startsWith('https://'))).toBe(true);
  });

  it('does not offer plain HTTP: the token is never read from a request in clear', async () => {
    const plain = fetch(`http://127.0.0.1:${server.port}${SESSION_PATH}`, { headers: auth() });
    await expect(plain).rejects.toThrow();
    // The host still answers over TLS.
    expect((await httpsGet(SESSION_PATH, { host: local(), ...auth() })).status).toBe(200);
  });

  it('keeps serving after garbage, plain HTTP and resets sent to the TLS port', async () => {
    const escaped: unknown[] = [];
    const record = (err: unknown) => escaped.push(err);
    process.on('uncaughtException', record);
    try {
      const payloads = [Buffer.from(`GET / HTTP/1.1\r\nHost: ${local()}\r\n\r\n`), Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 0x01]), Buffer.alloc(4096, 0x41)];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => new Promise<void>((done) => {
          const socket = connect(server.port, '127.0.0.1', () => {
            socket.write(payloads[i % payloads.length]!);
            setTimeout(() => (i % 2 === 0 ? socket.resetAndDestroy() : socket.destroy()), i % 5);
          });
          socket.on('error', () => undefined);
          socket.on('close', () => done());
        })),
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(escaped).toEqual([]);
      expect((await httpsGet(SESSION_PATH, { host: local(), ...auth() })).status).toBe(200);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it("refuses a forged Origin that matches the attacker's own Host header", async () => {
    const evil = `evil.example:${server.port}`;
    // DNS rebinding: the attacker's name resolves to this machine, and the page's Origin matches its Host.
    expect((await httpsGet(SESSION_PATH, { host: evil, origin: `https://${evil}`, ...auth() })).status).toBe(421);
    expect(await wsStatus({ host: evil, origin: `https://${evil}` })).toBe(421);
    // A real Host with another page's Origin.
    expect((await httpsGet(SESSION_PATH, { host: local(), origin: `https://${evil}`, ...auth() })).status).toBe(403);
    expect(await wsStatus({ origin: `https://${evil}` })).toBe(403);
    // The http:// twin of a listening address is another origin.
    expect(await wsStatus({ origin: `http://${local()}` })).toBe(403);
    // The dashboard's own origin is let in.
    expect(await wsStatus({ origin: `https://${local()}` })).toBe('open');
  });
});
