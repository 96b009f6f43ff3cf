import WebSocket from 'ws';
import { API_PATH, API_SUBPROTOCOL, bearerProtocol } from '../../src/shared/wire';

export interface DashboardClient {
  /** One request as the page sends it; resolves with the response message ({id, ok, result|error}). */
  call(method: string, params?: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
  /** Every event the host pushed, in order. */
  events: Array<{ event: string; data: unknown }>;
  close(): void;
}

/** Connects to a headless host's API WebSocket as the dashboard page does (subprotocol and bearer token). */
export async function connectDashboard(origin: string, token: string): Promise<DashboardClient> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}${API_PATH}`, [API_SUBPROTOCOL, bearerProtocol(token)], { origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const events: DashboardClient['events'] = [];
  const pending = new Map<number, (message: never) => void>();
  ws.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; event?: string; data?: unknown };
    if (message.event !== undefined) events.push({ event: message.event, data: message.data });
    else if (typeof message.id === 'number') pending.get(message.id)?.(message as never);
  });
  let id = 0;
  return {
    events,
    call: (method, params) =>
      new Promise((resolve) => {
        const n = ++id;
        pending.set(n, resolve as (message: never) => void);
        ws.send(JSON.stringify({ id: n, method, params }));
      }),
    close: () => ws.close(),
  };
}
