import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiDispatcher } from '../core/api/dispatcher';
import type { EventBus } from '../core/host/event-bus';
import type { Logger } from '../core/ports';
import { API_PATH, API_SUBPROTOCOL, BEARER_PROTOCOL_PREFIX, SESSION_PATH, SUPPORT_BUNDLES_PATH } from '../../shared/wire';
import { dashboardAddresses, isLoopbackHost, machineAddresses, type DashboardAddresses, type MachineAddresses } from './dashboard-addresses';
import { sendFile, sendText, serveStatic } from './static-files';
import { WebSocketBridge } from './ws-bridge';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export interface HeadlessServerOptions {
  events: EventBus;
  dispatcher: ApiDispatcher;
  logger: Logger;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Required to listen on anything but loopback. */
  allowRemote?: boolean;
  /** The certificate a non-loopback dashboard is served with (HTTPS and WSS only); required with allowRemote. */
  tls?: { key: string; cert: string };
  /** The machine's interface addresses and host name (tests); read from the OS otherwise. */
  machine?: MachineAddresses;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Folder of saved support bundles, offered for download to the dashboard (a rig's owner is elsewhere). */
  supportDir?: string;
}

export interface HeadlessServer {
  /** Where the dashboard is, with the token. Print it; anyone with it controls this host. */
  dashboardUrl: string;
  origin: string;
  /** Every origin a page may use the API from (the addresses the host listens on). */
  allowedOrigins: string[];
  port: number;
  token: string;
  close(): Promise<void>;
}

export class RemoteListenRefused extends Error {}

/**
 * Serves the dashboard and the API on 127.0.0.1 over HTTP, or, with allowRemote, elsewhere over HTTPS only,
 * behind a random token. Nothing a client sends can end the process: every socket has an error listener and
 * every parse of the request is guarded.
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const host = options.host ?? '127.0.0.1';
  const remote = !isLoopbackHost(host);
  if (remote && !options.allowRemote) {
    throw new RemoteListenRefused(
      `Refusing to listen on ${host}: the dashboard controls this machine. Pass --allow-remote to listen on a non-loopback address.`,
    );
  }
  if (remote && !options.tls) throw new RemoteListenRefused(`Refusing to listen on ${host} without TLS: the token would cross the network in clear.`);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const logger = options.logger.child({ component: 'headless' });
  const bridge = new WebSocketBridge(options.events, options.dispatcher, logger);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(API_SUBPROTOCOL) ? API_SUBPROTOCOL : false),
  });
  // Known once listening (the port may be chosen by the OS); nothing is accepted before.
  let addresses: DashboardAddresses | null = null;

  const hostAllowed = (req: IncomingMessage): boolean => addresses !== null && addresses.hosts.has((req.headers.host ?? '').toLowerCase());
  // Browsers always send Origin on WebSocket and cross-site fetches; a client that sends none is not a page.
  const originAllowed = (req: IncomingMessage): boolean =>
    req.headers.origin === undefined || (addresses !== null && addresses.origins.has(req.headers.origin.toLowerCase()));
  const tokenMatches = (given: string | undefined): boolean => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void handleHttp(req, res).catch((err: Error) => {
      logger.error('dashboard request failed', { error: err.message });
      if (!res.headersSent) sendText(res, 500, 'Internal error');
    });
  };
  const server: Server = options.tls && remote ? createHttpsServer({ ...options.tls, minVersion: 'TLSv1.2' }, onRequest) : createHttpServer(onRequest);

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) return sendText(res, 421, 'Unexpected Host header');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (remote) res.setHeader('strict-transport-security', 'max-age=31536000');
    const path = requestPath(req.url);
    if (path === null) return sendText(res, 400, 'Bad request target: send a path such as /index.html.');
    if (path.startsWith(API_PATH)) return handleApiHttp(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    await serveStatic(options.rendererDir, path, res);
  }

  function handleApiHttp(req: IncomingMessage, res: ServerResponse, path: string): void {
    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    if (!originAllowed(req)) return sendJson(res, 403, { error: { code: 'forbidden', message: 'Requests from another origin are refused.' } });
    if (!tokenMatches(auth)) {
      return sendJson(res, 401, {
        error: { code: 'unauthorized', message: 'Missing or wrong token. Open the dashboard link that `gridhost start --headless` printed.' },
      });
    }
    if (path === SESSION_PATH && req.method === 'GET') return sendJson(res, 200, { ok: true });
    if (path.startsWith(SUPPORT_BUNDLES_PATH) && req.method === 'GET' && options.supportDir) {
      return void sendBundle(options.supportDir, path.slice(SUPPORT_BUNDLES_PATH.length), res);
    }
    sendJson(res, 404, { error: { code: 'not_found', message: `No API endpoint ${req.method} ${path}; the API is a WebSocket at ${API_PATH}.` } });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgraded socket over without its own error listener: a reset must not become an
    // uncaught exception that ends the host.
    socket.on('error', (err) => logger.debug('dashboard connection reset', { error: err.message }));
    const refuse = (status: number, text: string) => {
      logger.warn('dashboard connection refused', { status, reason: text });
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    };
    const path = requestPath(req.url);
    if (path === null) return refuse(400, 'Bad Request');
    if (path !== API_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!originAllowed(req)) return refuse(403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX))?.slice(BEARER_PROTOCOL_PREFIX.length);
    if (!tokenMatches(bearer)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => bridge.accept(ws));
  });
  // A TLS handshake that fails (plain HTTP sent to the HTTPS port, a scanner) ends that connection only.
  server.on('tlsClientError', (err: Error) => logger.debug('dashboard TLS handshake failed', { error: err.message }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error('dashboard server error', { error: err.message }));
  const port = (server.address() as AddressInfo).port;
  addresses = dashboardAddresses(host, port, remote ? 'https' : 'http', options.machine ?? machineAddresses());
  const origin = addresses.primaryOrigin;
  if (remote) logger.warn('dashboard listening on a non-loopback address', { host, port, origins: [...addresses.origins] });
  logger.info('dashboard listening', { origin });

  return {
    dashboardUrl: `${origin}/?token=${token}`,
    origin,
    allowedOrigins: [...addresses.origins],
    port,
    token,
    async close() {
      bridge.close();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The decoded-later path of a request target in origin form (`/a/b?c`); null for anything else: the
 * absolute form (`http://a:99999/api`), `*`, a missing target, or one the URL parser refuses.
 */
function requestPath(target: string | undefined): string | null {
  if (!target?.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://dashboard.invalid').pathname;
  } catch {
    return null;
  }
}

/** Sends one saved support bundle; only plain `.zip` names inside the folder, nothing else. */
async function sendBundle(folder: string, name: string, res: ServerResponse): Promise<void> {
  if (!/^[\w.-]+\.zip$/.test(name) || name.startsWith('.')) {
    return sendJson(res, 400, { error: { code: 'bad_name', message: 'Support bundles are .zip files in the support folder.' } });
  }
  const sent = await sendFile(res, join(folder, name), {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
  });
  if (!sent) sendJson(res, 404, { error: { code: 'not_found', message: `No support bundle named ${name} can be read; save one first.` } });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
