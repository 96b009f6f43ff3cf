import type { WebSocket } from 'ws';
import type { EventMessage, ResponseMessage } from '../../shared/wire';
import { answerRequestMessage, reject } from '../core/api/request-messages';
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
    if (isBinary) return this.send(socket, reject(null, 'Binary messages are not accepted; send JSON text.'));
    this.send(socket, await answerRequestMessage(raw.toString('utf8'), (method, params) => this.dispatcher.dispatch(method, params)));
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
