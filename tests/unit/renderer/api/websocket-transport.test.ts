import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketTransport } from '../../../../src/renderer/src/api/websocket-transport';
import { API_SUBPROTOCOL, SESSION_PATH, bearerProtocol } from '../../../../src/shared/wire';
import { eventSamples } from '../../../support/contract-samples';

/** The part of a browser WebSocket the transport uses; the test plays the server. */
class FakeSocket {
  static readonly OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = 0;
  readonly sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((msg: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.last = this;
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {}
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
}

async function connected() {
  const fetched: string[] = [];
  const transport = new WebSocketTransport({
    origin: 'http://127.0.0.1:7788',
    token: 'tok',
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    fetchImpl: (async (url: string) => {
      fetched.push(url);
      return new Response('{"ok":true}', { status: 200 });
    }) as unknown as typeof fetch,
  });
  await vi.waitFor(() => expect(FakeSocket.last).not.toBeNull());
  const socket = FakeSocket.last!;
  socket.open();
  return { transport, socket, fetched };
}

afterEach(() => {
  FakeSocket.last = null;
  vi.restoreAllMocks();
});

describe('the WebSocket transport', () => {
  it('checks the session, then opens the API socket with the subprotocol and the token', async () => {
    const { socket, fetched } = await connected();
    expect(fetched).toEqual([`http://127.0.0.1:7788${SESSION_PATH}`]);
    expect(socket.url).toBe('ws://127.0.0.1:7788/api');
    expect(socket.protocols).toEqual([API_SUBPROTOCOL, bearerProtocol('tok')]);
  });

  it('delivers events whose data the contract accepts, and answers requests by id', async () => {
    const { transport, socket } = await connected();
    const heard: unknown[] = [];
    transport.subscribe('host.state', (d) => heard.push(d));
    socket.receive({ event: 'host.state', data: eventSamples['host.state'] });
    expect(heard).toEqual([eventSamples['host.state']]);

    const answer = transport.request('host.status', {});
    expect(JSON.parse(socket.sent[0]!)).toEqual({ id: 1, method: 'host.status', params: {} });
    socket.receive({ id: 1, ok: false, error: { code: 'unavailable', message: 'busy' } });
    expect(await answer).toEqual({ ok: false, error: { code: 'unavailable', message: 'busy' } });
  });

  it('drops malformed messages with a warning, and keeps working', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { transport, socket } = await connected();
    const heard: unknown[] = [];
    transport.subscribe('host.state', (d) => heard.push(d));
    const answer = transport.request('host.status', {});

    socket.receive('{not json');
    socket.receive({ event: 'host.state', data: { state: 'dancing' } });
    socket.receive({ event: 'host.reboot', data: {} });
    socket.receive({ id: 1, ok: false, error: 'no shape' });
    socket.receive({ hello: 'world' });
    expect(heard).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(5);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/host\.state: /),
      expect.stringMatching(/unknown event host\.reboot/),
      expect.any(String),
      expect.any(String),
    ]);

    socket.receive({ id: 1, ok: true, result: { fine: true } });
    expect(await answer).toEqual({ ok: true, result: { fine: true } });
    socket.receive({ event: 'host.state', data: eventSamples['host.state'] });
    expect(heard).toEqual([eventSamples['host.state']]);
  });

  it('keeps a listener that throws from stopping the others', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { transport, socket } = await connected();
    const heard: unknown[] = [];
    transport.subscribe('host.state', () => {
      throw new Error('render failed');
    });
    transport.subscribe('host.state', (d) => heard.push(d));
    socket.receive({ event: 'host.state', data: eventSamples['host.state'] });
    expect(heard).toHaveLength(1);
    expect(error).toHaveBeenCalledOnce();
  });
});
