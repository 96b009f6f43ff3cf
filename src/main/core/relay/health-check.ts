import { Readable } from 'node:stream';
import type { HealthCheck } from '../jobs/exposed-service';
import type { LocalServiceDialer } from './ports';

const MAX_BODY_BYTES = 64 * 1024;

/** Runs one health check against the service's port on 127.0.0.1: null when it passes, else why not. */
export async function runHealthCheck(dialer: LocalServiceDialer, port: number, check: HealthCheck, timeoutMs: number): Promise<string | null> {
  try {
    return check.type === 'http' ? await httpCheck(dialer, port, check, timeoutMs) : await webSocketCheck(dialer, port, check.expected_response, timeoutMs);
  } catch (err) {
    const what = check.type === 'http' ? `${check.method} ${check.path}` : 'WebSocket';
    return `health check ${what} on port ${port} failed: ${(err as Error).message}`;
  }
}

async function httpCheck(dialer: LocalServiceDialer, port: number, check: Extract<HealthCheck, { type: 'http' }>, timeoutMs: number): Promise<string | null> {
  const body = check.body === undefined ? null : typeof check.body === 'string' ? check.body : JSON.stringify(check.body);
  const headers = { ...check.headers, ...(body === null ? {} : { 'content-length': String(Buffer.byteLength(body)) }) };
  const response = await dialer.http(port, { method: check.method, path: check.path, headers, body: body === null ? null : Readable.from([Buffer.from(body)]) }, AbortSignal.timeout(timeoutMs));
  let read = 0;
  for await (const chunk of response.body) {
    read += (chunk as Buffer).byteLength;
    if (read > MAX_BODY_BYTES) break;
  }
  response.body.destroy();
  if (response.status === check.expected_status) return null;
  return `health check ${check.method} ${check.path} on port ${port} answered ${response.status}, expected ${check.expected_status}`;
}

async function webSocketCheck(dialer: LocalServiceDialer, port: number, expected: string, timeoutMs: number): Promise<string | null> {
  const socket = await dialer.websocket(port, '/', {});
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
      socket.onMessage((data) => {
        clearTimeout(timer);
        resolve(Buffer.from(data).toString('utf8'));
      });
      socket.onClose((code) => {
        clearTimeout(timer);
        reject(new Error(`closed (${code}) before its first message`));
      });
    });
    return first === expected ? null : `WebSocket health check on port ${port} got ${JSON.stringify(first.slice(0, 80))}, expected ${JSON.stringify(expected.slice(0, 80))}`;
  } finally {
    socket.close(1000);
  }
}
