import type WebSocket from 'ws';
import type { MessageSocket } from '../../core/relay/relay-stream';

/** A `ws` WebSocket as the relay's MessageSocket (used by the host's dialer and by the local grid). */
export function wsMessageSocket(ws: WebSocket): MessageSocket {
  return {
    send: (data, binary, sent) => ws.send(data, { binary }, () => sent()),
    close: (code) => (ws.readyState === ws.CLOSED ? undefined : ws.close(code)),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    onMessage: (listener) => ws.on('message', (data: Buffer, isBinary: boolean) => listener(data, isBinary)),
    onClose: (listener) => ws.once('close', (code: number) => listener(code)),
  };
}
