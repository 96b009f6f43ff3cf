import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { wsMessageSocket } from '../../src/main/adapters/ws/ws-message-socket';
import { RELAY_SUBPROTOCOL } from '../../src/main/core/relay/relay-address';
import {
  FrameType,
  MAX_STREAMS_PER_TUNNEL,
  RelayHeadSchema,
  RelayProtocolError,
  decodeFrame,
  decodeJson,
  relayedHeaders,
  type RelayHead,
  type RelayOpen,
} from '../../src/main/core/relay/relay-frames';
import { RelayStream } from '../../src/main/core/relay/relay-stream';
import type { GridDatabase } from './grid-database';
import { GridHttpError } from './grid-http-error';
import { rememberSignature, verifySignedRequest } from './request-auth';
import { serviceTokenMatches } from './service-tokens';

/** One tunnel per job: its (first) exposed service, whose port the path names. */
const RELAY_PATH = /^\/v1\/relay\/(?<job>[^/]+)\/\d{1,5}$/;
const SERVICE_PATH = /^\/v1\/services\/(?<job>[^/]+)(?<rest>\/.*)?$/;
const HEAD_TIMEOUT_MS = 60_000;

/** One host's tunnel for one exposed port: the grid opens a stream on it per client request. */
class GridTunnel {
  private nextId = 1;
  private readonly streams = new Map<number, { stream: RelayStream; head: (head: RelayHead) => void }>();

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (bytes: Buffer) => this.onFrame(bytes));
    ws.once('close', () => [...this.streams.values()].forEach(({ stream }) => stream.reset('The host closed the service relay.')));
  }

  /** Opens a stream for a request; `head` settles with the service's response head (the body may go first). */
  open(request: RelayOpen, onReset: (reason: string) => void): { stream: RelayStream; head: Promise<RelayHead> } {
    if (this.streams.size >= MAX_STREAMS_PER_TUNNEL) throw new GridHttpError(503, 'service_busy', 'The service has too many requests in flight; try again shortly.');
    const id = this.nextId++;
    const stream = new RelayStream(id, (frame) => this.ws.send(frame, { binary: true }), (done) => this.streams.delete(done));
    const head = new Promise<RelayHead>((resolve, reject) => {
      const timer = setTimeout(() => reject(new GridHttpError(504, 'service_timeout', 'The service did not answer within 60 s.')), HEAD_TIMEOUT_MS);
      stream.onReset((reason) => {
        clearTimeout(timer);
        reject(new GridHttpError(502, 'service_unreachable', reason));
        onReset(reason);
      });
      this.streams.set(id, { stream, head: (h) => { clearTimeout(timer); resolve(h); } });
    });
    stream.sendJson(FrameType.open, request);
    return { stream, head };
  }

  close(): void {
    this.ws.close(1001);
  }

  private onFrame(bytes: Buffer): void {
    try {
      const frame = decodeFrame(bytes);
      const entry = this.streams.get(frame.stream);
      if (!entry) return;
      if (frame.type === FrameType.head) entry.head(decodeJson(frame, RelayHeadSchema));
      else entry.stream.receive(frame);
    } catch (err) {
      if (!(err instanceof RelayProtocolError)) throw err;
      this.ws.close(1002, 'bad relay frame');
    }
  }
}

/**
 * The grid's side of the service relay (docs/grid-protocol.md, "Service relay"): hosts connect their tunnels to
 * `/v1/relay/<jobId>/<port>` (signed; only the node running the job), and posters reach the service at
 * `/v1/services/<jobId>/...` with the job's token, over HTTP (streamed both ways) or WebSocket.
 */
export class ServiceRelayHub {
  private readonly tunnels = new Map<string, GridTunnel>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 });

  constructor(
    private readonly db: GridDatabase,
    private readonly origins: readonly string[],
    private readonly now: () => number,
  ) {}

  /** Serves a poster's HTTP request when it is for a service; false when the path is not the relay's. */
  serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> | null {
    const target = this.serviceTarget(req);
    if (!target) return null;
    return (async () => {
      const { tunnel, path } = this.authorize(target);
      const opened = tunnel.open({ kind: 'http', method: req.method ?? 'GET', path, headers: relayedHeaders(req.headers) }, () => res.destroy());
      // The request body goes while the head is awaited: a service may read it all before it answers.
      void opened.stream.sendBody(req).catch(() => opened.stream.reset('The client went away.'));
      const head = await opened.head;
      res.writeHead(head.status, head.headers);
      opened.stream.inbound.pipe(res);
      res.once('close', () => opened.stream.finish());
    })();
  }

  /** Handles an upgrade: a host's tunnel or a poster's WebSocket to a service; false when neither. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = new URL(req.url ?? '/', 'http://grid.local').pathname;
    const relay = RELAY_PATH.exec(path);
    const target = relay ? null : this.serviceTarget(req);
    if (!relay && !target) return false;
    const work = relay ? this.acceptTunnel(req, socket, head, relay.groups!.job!) : this.acceptClient(req, socket, head, target!);
    work.catch((err: unknown) => refuseUpgrade(socket, err));
    return true;
  }

  close(): void {
    this.tunnels.forEach((t) => t.close());
    this.wss.clients.forEach((ws) => ws.terminate());
    this.wss.close();
  }

  private async acceptTunnel(req: IncomingMessage, socket: Duplex, head: Buffer, jobIdRaw: string): Promise<void> {
    const jobId = decodeURIComponent(jobIdRaw);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(RELAY_SUBPROTOCOL)) throw new GridHttpError(400, 'bad_subprotocol', `A host's relay tunnel speaks ${RELAY_SUBPROTOCOL}; update GridHost.`);
    const verified = verifySignedRequest(this.db, { method: 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) }, this.origins, this.now());
    const run = this.db.prepare(`SELECT address FROM runs WHERE job_id = ? AND state = 'running'`).get(jobId) as { address: string } | undefined;
    if (!run || run.address !== verified.address) throw new GridHttpError(403, 'not_your_job', `No running job ${jobId} belongs to this node; only the node running a job relays its services.`);
    rememberSignature(this.db, verified.signature, this.now());
    const ws = await new Promise<WebSocket>((resolve) => this.wss.handleUpgrade(req, socket, head, resolve));
    const key = jobId;
    this.tunnels.get(key)?.close();
    const tunnel = new GridTunnel(ws);
    this.tunnels.set(key, tunnel);
    ws.once('close', () => this.tunnels.get(key) === tunnel && this.tunnels.delete(key));
  }

  private async acceptClient(req: IncomingMessage, socket: Duplex, head: Buffer, target: { jobId: string; path: string; token: string | null }): Promise<void> {
    const { tunnel, path } = this.authorize(target);
    const opened = tunnel.open({ kind: 'websocket', method: 'GET', path, headers: relayedHeaders(req.headers) }, () => socket.destroy());
    const answer = await opened.head;
    if (answer.status !== 101) throw new GridHttpError(502, 'service_refused', `The service answered ${answer.status} instead of accepting the WebSocket.`);
    this.wss.handleUpgrade(req, socket, head, (ws) => opened.stream.bridge(wsMessageSocket(ws)));
  }

  private serviceTarget(req: IncomingMessage): { jobId: string; path: string; token: string | null } | null {
    const url = new URL(req.url ?? '/', 'http://grid.local');
    const match = SERVICE_PATH.exec(url.pathname);
    if (!match) return null;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    const token = bearer ?? url.searchParams.get('token');
    url.searchParams.delete('token');
    return { jobId: decodeURIComponent(match.groups!.job!), path: `${match.groups!.rest ?? '/'}${url.search}`, token };
  }

  private authorize(target: { jobId: string; path: string; token: string | null }): { tunnel: GridTunnel; path: string } {
    if (!target.token || !serviceTokenMatches(this.db, target.jobId, target.token)) {
      throw new GridHttpError(401, 'bad_service_token', `This service needs the token issued when job ${target.jobId} was posted: send "Authorization: Bearer TOKEN" (or ?token=TOKEN for a browser WebSocket).`);
    }
    const tunnel = this.tunnels.get(target.jobId);
    if (!tunnel) throw new GridHttpError(503, 'service_not_up', `The service of job ${target.jobId} is not up: it has not passed its health checks yet, or the job is not running. Try again shortly.`);
    return { tunnel, path: target.path };
  }
}

function refuseUpgrade(socket: Duplex, err: unknown): void {
  const status = err instanceof GridHttpError ? err.status : 500;
  const body = JSON.stringify({ error: { code: err instanceof GridHttpError ? err.code : 'internal', message: (err as Error).message } });
  socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
