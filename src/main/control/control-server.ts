import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { chmod, unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { CONTROL_FILE, ControlHelloSchema, type ControlFile } from '../../shared/wire';
import { writeFileAtomic } from '../adapters/fs/json-file-store';
import type { ApiDispatcher, RequestDispatcher } from '../core/api/dispatcher';
import type { OwnerRequests } from '../core/api/owner-requests';
import { answerRequestMessage } from '../core/api/request-messages';
import type { EventBus } from '../core/host/event-bus';
import type { Logger } from '../core/ports';
import { controlEndpoint, isSocketFile } from './control-endpoint';
import { readLines, writeLine } from './line-channel';

/** A client that lets this much pile up unread is too slow; it is disconnected. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A client must say hello with the token this soon after connecting. */
const HELLO_TIMEOUT_MS = 5_000;

export interface ControlServerOptions {
  dataDir: string;
  /** The API contract, as the pages have it. */
  api: ApiDispatcher;
  /** The owner's requests (the node key, bundles to a chosen path), which the pages never reach. */
  owner: RequestDispatcher<OwnerRequests>;
  events: EventBus;
  logger: Logger;
  platform?: NodeJS.Platform;
}

export interface ControlServer {
  endpoint: string;
  /** The token in control.json: composition hands it to the redactor, so that no log line carries it. */
  token: string;
  close(): Promise<void>;
  /** Removes the control file and the socket synchronously: for the process's `exit` hook. */
  closeNow(): void;
}

/**
 * The running host's local control channel, for the `gridhost` commands run while it runs: the API contract and
 * its events, plus the owner's requests. Only the owner can open it: the socket is owner-only in an
 * owner-only folder (a named pipe on Windows), and a client's first line must carry the random token kept in
 * `control.json` (owner-only, removed on exit).
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const platform = options.platform ?? process.platform;
  const endpoint = controlEndpoint(options.dataDir, platform);
  const controlFile = join(options.dataDir, CONTROL_FILE);
  const token = randomBytes(32).toString('base64url');
  const logger = options.logger.child({ component: 'control' });
  const clients = new Set<Socket>();

  // This process holds the data folder's lock: a socket file left here is from a host that is gone.
  if (isSocketFile(endpoint)) await unlink(endpoint).catch(() => undefined);

  const server = createServer((socket) => accept(socket));
  const unsubscribe = options.events.subscribe((event, data) => {
    for (const socket of clients) send(socket, { event, data });
  });

  function accept(socket: Socket): void {
    let authed = false;
    const helloTimer = setTimeout(() => refuse('no hello with the token'), HELLO_TIMEOUT_MS);
    helloTimer.unref();
    const refuse = (why: string) => {
      logger.warn('control connection refused', { reason: why });
      writeLine(socket, { error: { code: 'unauthorized', message: 'Wrong or missing token: this channel is only for gridhost commands of the owner.' } });
      socket.end();
    };
    socket.on('error', (err) => logger.debug('control connection error', { error: err.message }));
    socket.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(socket);
    });
    readLines(
      socket,
      (line) => {
        if (!authed) {
          clearTimeout(helloTimer);
          if (!helloMatches(line, token)) return refuse('wrong token');
          authed = true;
          clients.add(socket);
          writeLine(socket, { hello: 'ok' });
          return;
        }
        void answerRequestMessage(line, (method, params) =>
          options.owner.knows(method) ? options.owner.dispatch(method, params) : options.api.dispatch(method, params),
        ).then((response) => send(socket, response));
      },
      () => {
        logger.warn('control message over the size limit, disconnecting');
        socket.destroy();
      },
    );
  }

  function send(socket: Socket, message: unknown): void {
    if (socket.writableLength > MAX_BUFFERED_BYTES) {
      logger.warn('control client too slow, disconnecting', { buffered: socket.writableLength });
      socket.destroy();
      return;
    }
    writeLine(socket, message);
  }

  await listen(server, endpoint);
  if (isSocketFile(endpoint)) await chmod(endpoint, 0o600);
  const file: ControlFile = { endpoint, token };
  await writeFileAtomic(controlFile, `${JSON.stringify(file)}\n`, 0o600);
  logger.info('control channel listening', { endpoint });

  let closed = false;
  const removeFilesNow = () => {
    try {
      // Only our own control file: a later host may have written its own.
      if (readFileSync(controlFile, 'utf8').includes(token)) unlinkSync(controlFile);
    } catch {
      // gone already
    }
    if (isSocketFile(endpoint)) {
      try {
        unlinkSync(endpoint);
      } catch {
        // gone already
      }
    }
  };
  return {
    endpoint,
    token,
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const socket of clients) socket.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      removeFilesNow();
    },
    closeNow() {
      if (closed) return;
      closed = true;
      removeFilesNow();
    },
  };
}

function helloMatches(line: string, token: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return false;
  }
  const hello = ControlHelloSchema.safeParse(json);
  if (!hello.success) return false;
  const a = Buffer.from(hello.data.token);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function listen(server: Server, endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(endpoint, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
