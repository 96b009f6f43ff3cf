import { open } from 'node:fs/promises';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Serves the built renderer. Paths are resolved inside `root` only; unknown paths get index.html so that
 * a reload on any page works.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return sendText(res, 400, 'Bad path');
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(root, relative);
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return sendText(res, 403, 'Forbidden');
  const headers = (path: string) => ({
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': extname(path) === '.html' ? 'no-store' : 'public, max-age=3600',
  });
  if (await sendFile(res, file, headers(file))) return;
  const index = join(root, 'index.html');
  if (await sendFile(res, index, headers(index))) return;
  sendText(res, 500, 'The dashboard is not built. Run `npm run build`, then start again.');
}

/**
 * Sends a regular file with a 200 and these headers; false (nothing sent) when it is missing, a folder, or
 * cannot be opened. The file is opened once, so it cannot change between sizing and sending, and a read error
 * ends this response only, never the host.
 */
export async function sendFile(res: ServerResponse, path: string, headers: OutgoingHttpHeaders): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return false;
    res.writeHead(200, { ...headers, 'content-length': info.size });
    await pipeline(handle.createReadStream({ autoClose: false }), res).catch(() => res.destroy());
    return true;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
