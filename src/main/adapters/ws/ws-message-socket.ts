import type WebSocket from 'ws';
import type { MessageSocket } from '../../core/relay/relay-stream';

/**
 * A `ws` WebSocket as the relay's MessageSocket (used by the host's dialer and by the local grid). Messages that
 * arrive before a listener is attached (a greeting sent right after the upgrade) are kept for it.
 */
export function wsMessageSocket(ws: WebSocket): MessageSocket {
  let listener: ((data: Uint8Array, binary: boolean) => void) | null = null;
  const early: [Uint8Array, boolean][] = [];
  ws.on('message', (data: Buffer, binary: boolean) => (listener ? listener(data, binary) : early.push([data, binary])));
  return {
    send: (data, binary, sent) => ws.send(data, { binary }, () => sent()),
    close: (code) => (ws.readyState === ws.CLOSED ? undefined : ws.close(code)),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    onMessage: (next) => {
      listener = next;
      early.splice(0).forEach(([data, binary]) => next(data, binary));
    },
    onClose: (next) => ws.once('close', (code: number) => next(code)),
  };
}
