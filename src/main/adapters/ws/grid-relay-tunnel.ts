import WebSocket from 'ws';
import { gridOrigin, signRequest } from '../../core/grid/request-signing';
import type { NodeSigner } from '../../core/ports';
import type { RelayTunnel, RelayTunnelOpener } from '../../core/relay/ports';
import { RELAY_SUBPROTOCOL, relayPath } from '../../core/relay/relay-address';

/**
 * The outbound WebSocket a host keeps to the grid for each exposed service (docs/grid-protocol.md, "Service
 * relay"). The upgrade request is signed like every grid request: `GET`, the grid's origin, the path, an empty
 * body. The host listens on nothing.
 */
export class GridRelayTunnelOpener implements RelayTunnelOpener {
  constructor(
    private readonly gridUrl: () => string,
    private readonly openSigner: () => Promise<NodeSigner>,
  ) {}

  async open(jobId: string, port: number): Promise<RelayTunnel> {
    const base = new URL(this.gridUrl());
    const path = relayPath(jobId, port);
    const headers = await signRequest(await this.openSigner(), { method: 'GET', origin: gridOrigin(base.href), path, body: '' }, Date.now());
    const url = new URL(path, base);
    url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, RELAY_SUBPROTOCOL, { headers: { ...headers }, maxPayload: 1024 * 1024 + 16 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8').slice(0, 500)));
        res.on('end', () => reject(new Error(`The grid refused the service relay (${res.statusCode}): ${text || 'no reason given'}`)));
      });
      ws.once('error', (err) => reject(new Error(`The grid's service relay could not be reached: ${err.message}`)));
    });
    return {
      send: (frame) => ws.send(frame, { binary: true }),
      onFrame: (listener) => ws.on('message', (data: Buffer) => listener(data)),
      onClose: (listener) => ws.once('close', (code: number, reason: Buffer) => listener(`${code} ${reason.toString('utf8')}`.trim())),
      close: () => ws.close(1000),
    };
  }
}
