import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { LocalRequest, LocalResponse, LocalServiceDialer } from '../../core/relay/ports';
import { relayedHeaders } from '../../core/relay/relay-frames';
import { wsMessageSocket } from '../ws/ws-message-socket';
import type { MessageSocket } from '../../core/relay/relay-stream';

/** Dials a job's published port on 127.0.0.1 (the port proxy): HTTP with node:http, WebSocket with `ws`. */
export class LoopbackServiceDialer implements LocalServiceDialer {
  http(port: number, request: LocalRequest, signal?: AbortSignal): Promise<LocalResponse> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers, signal });
      req.once('response', (res) => resolve({ status: res.statusCode ?? 502, headers: relayedHeaders(res.headers), body: res }));
      req.once('error', reject);
      if (request.body) request.body.pipe(req);
      else req.end();
    });
  }

  websocket(port: number, path: string, headers: Record<string, string | string[]>): Promise<MessageSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: headers as Record<string, string> });
    const socket = wsMessageSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        reject(new Error(`the service answered ${res.statusCode} instead of accepting the WebSocket`));
      });
      ws.once('error', reject);
    });
  }
}
