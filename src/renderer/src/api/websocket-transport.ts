import type { ApiTransport } from '../../../shared/api-surface';
import type { EventName, RequestName } from '../../../shared/contract';
import { ListenerRegistry } from '../../../shared/listener-registry';
import {
  API_PATH,
  API_SUBPROTOCOL,
  SESSION_PATH,
  ServerMessageSchema,
  bearerAuthorization,
  bearerProtocol,
  checkEventMessage,
  describeIssues,
  type ResponseBody,
} from '../../../shared/wire';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';

export interface WebSocketTransportOptions {
  /** Origin of the headless host, e.g. http://127.0.0.1:7788 */
  origin: string;
  token: string;
  WebSocketImpl?: typeof WebSocket;
  fetchImpl?: typeof fetch;
  onState?: (state: ConnectionState, detail: string | null) => void;
  /** A request waits this long for a connection and an answer before it fails. */
  requestTimeoutMs?: number;
}

interface Pending {
  resolve: (body: ResponseBody) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The API over a WebSocket (headless mode). Checks the token first so that a wrong link shows an
 * authorization error instead of endless retries; reconnects with backoff; never polls.
 */
export class WebSocketTransport implements ApiTransport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly outbox: string[] = [];
  private readonly listeners = new ListenerRegistry();
  private attempt = 0;
  private closed = false;
  private state: ConnectionState = 'connecting';
  private readonly WS: typeof WebSocket;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WebSocketTransportOptions) {
    this.WS = options.WebSocketImpl ?? WebSocket;
    this.fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
    void this.connect();
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  request(method: RequestName, params: unknown): Promise<ResponseBody> {
    if (this.state === 'unauthorized') return Promise.resolve(unauthorized());
    const id = this.nextId++;
    const text = JSON.stringify({ id, method, params });
    return new Promise((resolve) => {
      const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'unavailable', message: `No answer from the host for ${method} within ${timeoutMs / 1000} s. Is GridHost still running?` } });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      if (this.socket && this.socket.readyState === this.WS.OPEN) this.socket.send(text);
      else this.outbox.push(text);
    });
  }

  subscribe(event: EventName, listener: (data: unknown) => void): () => void {
    return this.listeners.add(event, listener);
  }

  close(): void {
    this.closed = true;
    this.socket?.close(1000);
  }

  private setState(state: ConnectionState, detail: string | null = null): void {
    this.state = state;
    this.options.onState?.(state, detail);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const res = await this.fetchImpl(`${this.options.origin}${SESSION_PATH}`, {
        headers: { authorization: bearerAuthorization(this.options.token) },
      });
      if (res.status === 401 || res.status === 403) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        this.setState('unauthorized', body?.error?.message ?? 'The host refused this dashboard link.');
        this.failPending(unauthorized());
        return;
      }
    } catch {
      return this.scheduleReconnect();
    }
    const wsUrl = `${this.options.origin.replace(/^http/, 'ws')}${API_PATH}`;
    const socket = new this.WS(wsUrl, [API_SUBPROTOCOL, bearerProtocol(this.options.token)]);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('connected');
      for (const text of this.outbox.splice(0)) socket.send(text);
    };
    socket.onmessage = (msg: MessageEvent) => this.onMessage(String(msg.data));
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null;
      if (!this.closed) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.attempt++;
    const delay = Math.min(10_000, 500 * 2 ** Math.min(this.attempt, 5));
    this.setState('reconnecting', `Lost the connection to the host; trying again in ${Math.round(delay / 1000)} s.`);
    setTimeout(() => void this.connect(), delay);
  }

  /** Every message is checked against the wire and the contract; a malformed one is dropped with a warning. */
  private onMessage(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return dropMalformed('not JSON');
    }
    const parsed = ServerMessageSchema.safeParse(json);
    if (!parsed.success) return dropMalformed(describeIssues(parsed.error.issues));
    const message = parsed.data;
    if ('event' in message) {
      const checked = checkEventMessage(message);
      if (!checked.ok) return dropMalformed(checked.problem);
      return this.listeners.emit(checked.event, checked.data);
    }
    if (typeof message.id !== 'number') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    pending.resolve(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
  }

  private failPending(body: ResponseBody): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(body);
      this.pending.delete(id);
    }
    this.outbox.length = 0;
  }
}

function dropMalformed(problem: string): void {
  console.warn(`Dropped a malformed message from the host (${problem}).`);
}

function unauthorized(): ResponseBody {
  return { ok: false, error: { code: 'unauthorized', message: 'This dashboard link is not authorized. Open the link that `gridhost start --headless` printed.' } };
}
