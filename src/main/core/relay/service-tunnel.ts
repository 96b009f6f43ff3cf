import type { Logger } from '../ports';
import type { LocalServiceDialer, RelayTunnel } from './ports';
import {
  FrameType,
  MAX_STREAMS_PER_TUNNEL,
  RelayOpenSchema,
  RelayProtocolError,
  decodeFrame,
  decodeJson,
  encodeJson,
  type Frame,
  type RelayOpen,
} from './relay-frames';
import { RelayStream } from './relay-stream';

/**
 * The host's end of one exposed service's tunnel: each stream the grid opens becomes a request to the job's
 * port on 127.0.0.1 (HTTP, or a WebSocket), its response carried back with credit-based backpressure. The
 * host accepts connections from nowhere: the grid's requests arrive over the connection the host opened.
 */
export class ServiceTunnel {
  private readonly streams = new Map<number, RelayStream>();
  private requestCount = 0;

  constructor(
    private readonly tunnel: RelayTunnel,
    private readonly dialer: LocalServiceDialer,
    private readonly hostPort: number,
    private readonly logger: Logger,
  ) {
    tunnel.onFrame((bytes) => this.onFrame(bytes));
    tunnel.onClose(() => [...this.streams.values()].forEach((s) => s.finish()));
  }

  /** Requests (HTTP and WebSocket) the grid has relayed to the service. */
  get requests(): number {
    return this.requestCount;
  }

  close(): void {
    this.tunnel.close();
  }

  private onFrame(bytes: Uint8Array): void {
    let frame: Frame;
    try {
      frame = decodeFrame(bytes);
      if (frame.type === FrameType.open) return this.open(frame.stream, decodeJson(frame, RelayOpenSchema));
    } catch (err) {
      if (!(err instanceof RelayProtocolError)) throw err;
      this.logger.warn('relay frame refused', { error: err.message });
      return;
    }
    this.streams.get(frame.stream)?.receive(frame);
  }

  private open(id: number, request: RelayOpen): void {
    const send = (frame: Buffer) => this.tunnel.send(frame);
    if (this.streams.has(id) || this.streams.size >= MAX_STREAMS_PER_TUNNEL) {
      send(encodeJson(FrameType.reset, id, { reason: 'The service has too many requests in flight; try again shortly.' }));
      return;
    }
    const stream = new RelayStream(id, send, (done) => this.streams.delete(done));
    this.streams.set(id, stream);
    this.requestCount += 1;
    const served = request.kind === 'websocket' ? this.serveWebSocket(stream, request) : this.serveHttp(stream, request);
    served.catch((err: unknown) => {
      this.logger.info('relayed request failed', { stream: id, error: (err as Error).message });
      stream.reset(`The job's service did not answer: ${(err as Error).message}`);
    });
  }

  private async serveHttp(stream: RelayStream, request: RelayOpen): Promise<void> {
    const abort = new AbortController();
    stream.onReset(() => abort.abort());
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await this.dialer.http(
      this.hostPort,
      { method: request.method, path: request.path, headers: request.headers, body: hasBody ? stream.inbound : null },
      abort.signal,
    );
    stream.sendJson(FrameType.head, { status: response.status, headers: response.headers });
    if (!(await stream.sendBody(response.body))) response.body.destroy();
    if (!hasBody) stream.inbound.end();
    stream.finish();
  }

  private async serveWebSocket(stream: RelayStream, request: RelayOpen): Promise<void> {
    const socket = await this.dialer.websocket(this.hostPort, request.path, request.headers);
    stream.onReset(() => socket.close(1001));
    stream.sendJson(FrameType.head, { status: 101, headers: {} });
    stream.bridge(socket);
  }
}
