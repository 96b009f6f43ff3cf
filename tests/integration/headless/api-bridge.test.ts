import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApi, eventFunctionName, requestFunctionName } from '../../../src/shared/api-surface';
import { EVENT_NAMES, REQUEST_NAMES, type RequestName } from '../../../src/shared/contract';
import { startHeadlessServer, type HeadlessServer } from '../../../src/main/headless/headless-server';
import { WebSocketTransport, type ConnectionState } from '../../../src/renderer/src/api/websocket-transport';
import { API_PATH, API_SUBPROTOCOL, SESSION_PATH, SUPPORT_BUNDLES_PATH, bearerAuthorization, bearerProtocol } from '../../../src/shared/wire';
import { eventSamples, requestSamples } from '../../support/contract-samples';
import { EventBus } from '../../../src/main/core/host/event-bus';
import { RecordingLogger, sampleDispatcher } from '../../support/core-fakes';

let server: HeadlessServer;
let rendererDir: string;
const calls: Array<[RequestName, unknown]> = [];
const events = new EventBus(new RecordingLogger());

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'gridhost-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>GridHost</title>');
  server = await startHeadlessServer({ events, dispatcher: sampleDispatcher(calls), logger: new RecordingLogger(), rendererDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(rendererDir, { recursive: true, force: true });
});

function rendererClient(token = server.token) {
  const states: ConnectionState[] = [];
  const transport = new WebSocketTransport({
    origin: server.origin,
    token,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    onState: (s) => states.push(s),
    requestTimeoutMs: 5_000,
  });
  return { transport, states, api: buildApi(transport) as unknown as Record<string, (a?: unknown) => unknown> };
}

/** Opens a raw socket; resolves with it once open, or with the HTTP status the server refused it with. */
function rawSocket(options: { token?: string; origin?: string; host?: string; path?: string }): Promise<WebSocket | number> {
  const protocols = [API_SUBPROTOCOL, ...(options.token ? [bearerProtocol(options.token)] : [])];
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${options.path ?? API_PATH}`, protocols, {
    headers: { ...(options.origin ? { origin: options.origin } : {}), ...(options.host ? { host: options.host } : {}) },
  });
  return new Promise((resolve) => {
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('WebSocket bridge with the renderer client (real sockets)', () => {
  it('round-trips every request of the contract', async () => {
    const { api, transport } = rendererClient();
    calls.length = 0;
    for (const method of REQUEST_NAMES) {
      expect(await api[requestFunctionName(method)]!(requestSamples[method].params), method).toEqual(requestSamples[method].result);
    }
    expect(calls.map(([m]) => m)).toEqual(REQUEST_NAMES);
    transport.close();
  });

  it('pushes every event to every connected client', async () => {
    const a = rendererClient();
    const b = rendererClient();
    await a.api.hostStatus!();
    await b.api.hostStatus!();
    const got: Array<[string, unknown]> = [];
    for (const name of EVENT_NAMES) {
      a.api[eventFunctionName(name)]!((d: unknown) => got.push([`a:${name}`, d]));
      b.api[eventFunctionName(name)]!((d: unknown) => got.push([`b:${name}`, d]));
    }
    for (const name of EVENT_NAMES) events.publish(name, eventSamples[name] as never);
    await expect.poll(() => got.length).toBe(EVENT_NAMES.length * 2);
    for (const name of EVENT_NAMES) {
      expect(got).toContainEqual([`a:${name}`, eventSamples[name]]);
      expect(got).toContainEqual([`b:${name}`, eventSamples[name]]);
    }
    a.transport.close();
    b.transport.close();
  });

  it('answers bad messages with an error that names the problem, and keeps serving', async () => {
    const ws = (await rawSocket({ token: server.token })) as WebSocket;
    ws.send('{not json');
    expect(await nextMessage(ws)).toMatchObject({ id: null, ok: false, error: { code: 'bad_message', message: expect.stringMatching(/not valid JSON/) } });
    ws.send(JSON.stringify({ id: 7, params: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 7, ok: false, error: { code: 'bad_message', message: expect.stringMatching(/method/) } });
    ws.send(JSON.stringify({ id: 8, method: 'host.reboot' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 8, ok: false, error: { code: 'unknown_method' } });
    ws.send(JSON.stringify({ id: 9, method: 'settings.update', params: { logs: { level: 'loud' } } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 9, ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/logs\.level/) } });
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await nextMessage(ws)).toMatchObject({ ok: false, error: { code: 'bad_message', message: expect.stringMatching(/Binary/) } });
    ws.send(JSON.stringify({ id: 10, method: 'host.status' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 10, ok: true });
    ws.close();
  });

  it('refuses a connection without the token, with a wrong token, or from another Origin', async () => {
    expect(await rawSocket({})).toBe(401);
    expect(await rawSocket({ token: `${server.token}x` })).toBe(401);
    expect(await rawSocket({ token: server.token, origin: 'https://evil.example' })).toBe(403);
    expect(await rawSocket({ token: server.token, host: `evil.example:${server.port}` })).toBe(421);
    expect(await rawSocket({ token: server.token, path: '/other' })).toBe(404);
    const ok = await rawSocket({ token: server.token, origin: server.origin });
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('tells the renderer client it is unauthorized instead of retrying forever', async () => {
    const { api, states, transport } = rendererClient('wrong-token');
    await expect(api.hostStatus!()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(states).toContain('unauthorized');
    expect(transport.connectionState).toBe('unauthorized');
  });

  it('serves the dashboard with security headers, refuses foreign Host headers and path traversal', async () => {
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>GridHost</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await get('/', { host: 'attacker.example' })).status).toBe(421);
    expect((await get('/..%2f..%2fetc%2fpasswd')).body).not.toContain('root:');
    expect((await get(SESSION_PATH)).status).toBe(401);
    expect((await get(SESSION_PATH, { authorization: bearerAuthorization(server.token) })).status).toBe(200);
    expect((await get(SESSION_PATH, { authorization: bearerAuthorization(server.token), origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('support bundle download', () => {
  it('serves a saved bundle with the token only, and nothing but .zip names in the support folder', async () => {
    const supportDir = await mkdtemp(join(tmpdir(), 'gridhost-support-'));
    await writeFile(join(supportDir, 'gridhost-support-20261125-101500.zip'), 'PK-zip-bytes');
    await writeFile(join(supportDir, 'notes.txt'), 'not a bundle');
    const open = await startHeadlessServer({ events, dispatcher: sampleDispatcher([]), logger: new RecordingLogger(), rendererDir, port: 0, supportDir });
    const get = (name: string, token: string | null) =>
      fetch(`${open.origin}${SUPPORT_BUNDLES_PATH}${name}`, { headers: token ? { authorization: bearerAuthorization(token) } : {} });
    try {
      const ok = await get('gridhost-support-20261125-101500.zip', open.token);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-disposition')).toBe('attachment; filename="gridhost-support-20261125-101500.zip"');
      expect(await ok.text()).toBe('PK-zip-bytes');
      expect((await get('gridhost-support-20261125-101500.zip', null)).status).toBe(401);
      expect((await get('notes.txt', open.token)).status).toBe(400);
      expect((await get('..%2fsettings.json', open.token)).status).toBe(400);
      expect((await get('missing.zip', open.token)).status).toBe(404);
      // Something that cannot be read as a file answers 404 and the server keeps serving.
      await mkdir(join(supportDir, 'folder.zip'));
      expect((await get('folder.zip', open.token)).status).toBe(404);
      expect((await get('gridhost-support-20261125-101500.zip', open.token)).status).toBe(200);
    } finally {
      await open.close();
      await rm(supportDir, { recursive: true, force: true });
    }
  });
});
