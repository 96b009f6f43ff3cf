import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { ApiTransport } from '../../shared/api-surface';
import { ListenerRegistry } from '../../shared/listener-registry';
import { CONTROL_FILE, CONTROL_PROTOCOL, ControlFileSchema, ServerMessageSchema, checkEventMessage, type ControlFile, type ResponseBody } from '../../shared/wire';
import { buildOwnerApi, type OwnerApi } from '../core/api/owner-requests';
import { readLines, writeLine } from './line-channel';

/** The running host cannot be reached over its control channel (not listening yet, gone, or it refused). */
export class ControlUnreachable extends Error {
  constructor(
    message: string,
    /** True when the host answered and refused the token: trying again will not help. */
    readonly refused = false,
  ) {
    super(message);
    this.name = 'ControlUnreachable';
  }
}

export interface ControlConnection {
  /** The API contract over the channel: `buildApi(transport)` gives the typed calls. */
  transport: ApiTransport;
  /** The owner's requests over the channel. */
  owner: OwnerApi;
  close(): void;
}

const HELLO_TIMEOUT_MS = 5_000;

/** Reads `control.json` in the data folder. */
export async function readControlFile(dataDir: string): Promise<ControlFile> {
  let text: string;
  try {
    text = await readFile(join(dataDir, CONTROL_FILE), 'utf8');
  } catch (err) {
    throw new ControlUnreachable(`The running host has no control channel yet (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported below
  }
  const parsed = ControlFileSchema.safeParse(json);
  if (!parsed.success) throw new ControlUnreachable(`${CONTROL_FILE} in the data folder is not readable.`);
  return parsed.data;
}

/** Opens the control channel of the host running on `dataDir`: hello with the token, then requests and events. */
export async function connectControl(dataDir: string, file?: ControlFile): Promise<ControlConnection> {
  const { endpoint, token } = file ?? (await readControlFile(dataDir));
  const socket = await open(endpoint);
  const pending = new Map<number, (body: ResponseBody) => void>();
  const listeners = new ListenerRegistry();
  let nextId = 1;
  let greeted: (problem: string | null) => void = () => undefined;
  const hello = new Promise<string | null>((resolve) => (greeted = resolve));
  const fail = (why: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'host_gone', message: why } });
    pending.clear();
    greeted(why);
  };
  socket.on('close', () => fail('The running host closed its control channel (it stopped?). Run the command again.'));
  socket.on('error', () => undefined);
  readLines(
    socket,
    (line) => onMessage(line),
    () => socket.destroy(),
  );
  function onMessage(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return;
    }
    if (json && typeof json === 'object' && 'hello' in json) return greeted(null);
    if (json && typeof json === 'object' && 'error' in json && !('id' in json)) {
      const message = (json as { error: { message?: string } }).error.message ?? 'refused';
      return greeted(message);
    }
    const parsed = ServerMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if ('event' in message) {
      const checked = checkEventMessage(message);
      if (checked.ok) listeners.emit(checked.event, checked.data);
      return;
    }
    if (typeof message.id !== 'number') return;
    const resolve = pending.get(message.id);
    pending.delete(message.id);
    resolve?.(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
  }

  writeLine(socket, { hello: CONTROL_PROTOCOL, token });
  const timer = setTimeout(() => greeted('The running host did not answer on its control channel.'), HELLO_TIMEOUT_MS);
  const problem = await hello;
  clearTimeout(timer);
  if (problem !== null) {
    socket.destroy();
    throw new ControlUnreachable(problem, true);
  }

  const request = (method: string, params: unknown) =>
    new Promise<ResponseBody>((resolve) => {
      if (socket.destroyed) return resolve({ ok: false, error: { code: 'host_gone', message: 'The running host closed its control channel.' } });
      const id = nextId++;
      pending.set(id, resolve);
      writeLine(socket, { id, method, params });
    });
  return {
    transport: { request, subscribe: (event, listener) => listeners.add(event, listener) },
    owner: buildOwnerApi(request),
    close: () => socket.end(),
  };
}

function open(endpoint: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(endpoint);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (err: NodeJS.ErrnoException) =>
      reject(new ControlUnreachable(`Cannot open the running host's control channel at ${endpoint} (${err.code ?? err.message}).`, err.code === 'EACCES'));
    socket.once('error', onError);
  });
}
