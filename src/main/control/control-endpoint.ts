import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTROL_SOCKET } from '../../shared/wire';

/** The longest Unix socket path every platform accepts (macOS: 104 bytes with its terminator). */
const MAX_SOCKET_PATH = 100;

/**
 * Where a host's control channel listens. Linux and macOS: a Unix domain socket in the data folder (owner-only,
 * in an owner-only folder); when that path is too long for a socket, one in the temp folder named after the
 * data folder. Windows: a named pipe named after the data folder.
 */
export function controlEndpoint(dataDir: string, platform: NodeJS.Platform = process.platform, tmp: string = tmpdir()): string {
  const tag = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\gridhost-control-${tag}`;
  const inFolder = join(dataDir, CONTROL_SOCKET);
  if (Buffer.byteLength(inFolder) <= MAX_SOCKET_PATH) return inFolder;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(tmp, `gridhost-${uid}-${tag}.sock`);
}

/** Whether the endpoint is a file on disk (a Unix socket) rather than a named pipe. */
export function isSocketFile(endpoint: string): boolean {
  return !endpoint.startsWith('\\\\.\\pipe\\');
}
