import type { WebSocket } from 'ws';
import { MAX_CLIENT_MESSAGE_BYTES, RequestMessageSchema, describeIssues, type EventMessage, type ResponseMessage } from '../../shared/wire';
import type { ApiDispatcher } from '../core/api/dispatcher';
import type { EventBus } from '../core/host/event-bus';
import type { Logger } from '../core/ports';

/** A client that lets this much pile up unread is too slow; it is disconnected and reloads on reconnect. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * Carries the API contract over a WebSocket for the headless dashboard: one request message in, one response
 * out (matched by id), and every host event pushed to every client. Bad messages get an error response.
 */
export class WebSocketBridge {
  private readonly clients = new Set<WebSocket>();
  private readonly unsubscribe: () => void;

  constructor(
    events: EventBus,
    private readonly dispatcher: ApiDispatcher,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = events.subscribe((event, data) => this.broadcast({ event, data }));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Takes over an authenticated connection. */
  accept(socket: WebSocket): void {
    this.clients.add(socket);
    socket.on('message', (raw, isBinary) => void this.onMessage(socket, raw as Buffer, isBinary));
    socket.on('close', () => this.clients.delete(socket));
    socket.on('error', (err) => this.logger.warn('dashboard connection error', { error: err.message }));
  }

  close(): void {
    this.unsubscribe();
    for (const socket of this.clients) socket.close(1001, 'host shutting down');
    this.clients.clear();
  }

  private async onMessage(socket: WebSocket, raw: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) return this.send(socket, reject(null, 'bad_message', 'Binary messages are not accepted; send JSON text.'));
    if (raw.length > MAX_CLIENT_MESSAGE_BYTES) {
      return this.send(socket, reject(null, 'bad_message', `Message of ${raw.length} bytes is over the ${MAX_CLIENT_MESSAGE_BYTES}-byte limit.`));
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.send(socket, reject(null, 'bad_message', 'Message is not valid JSON.'));
    }
    const parsed = RequestMessageSchema.safeParse(json);
    if (!parsed.success) {
      const id = extractId(json);
      const problem = describeIssues(parsed.error.issues);
      return this.send(socket, reject(id, 'bad_message', `Malformed request (${problem}). Expected {"id", "method", "params"}.`));
    }
    const { id, method, params } = parsed.data;
    const body = await this.dispatcher.dispatch(method, params);
    this.send(socket, { id, ...body });
  }

  private broadcast(message: EventMessage): void {
    if (this.clients.size === 0) return;
    const text = JSON.stringify(message);
    for (const socket of this.clients) this.sendText(socket, text);
  }

  private send(socket: WebSocket, message: ResponseMessage): void {
    this.sendText(socket, JSON.stringify(message));
  }

  private sendText(socket: WebSocket, text: string): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.logger.warn('dashboard client too slow, disconnecting', { buffered: socket.bufferedAmount });
      socket.close(1013, 'client too slow; reconnect to resync');
      return;
    }
    socket.send(text);
  }
}

function reject(id: ResponseMessage['id'], code: string, message: string): ResponseMessage {
  return { id, ok: false, error: { code, message } };
}

function extractId(json: unknown): ResponseMessage['id'] {
  if (json && typeof json === 'object' && 'id' in json) {
    const id = (json as { id: unknown }).id;
    if (typeof id === 'number' || (typeof id === 'string' && id.length <= 64)) return id;
  }
  return null;
}
