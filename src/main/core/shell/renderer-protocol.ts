import { posix } from 'node:path';

/** The scheme and host the packaged renderer is served from (`app://gridhost/index.html`). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gridhost';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Maps an `app://gridhost/...` request to a file inside the renderer folder, or null (404): another host, a path
 * that climbs out (`..`, encoded or not), or an unknown kind of file.
 */
export function rendererFileFor(requestUrl: string): { relativePath: string; contentType: string } | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const normal = posix.normalize(path === '/' ? '/index.html' : path);
  if (!normal.startsWith('/') || normal.split('/').includes('..')) return null;
  const contentType = CONTENT_TYPES[posix.extname(normal)];
  return contentType ? { relativePath: normal.slice(1), contentType } : null;
}

/**
 * The Content-Security-Policy of the renderer: scripts and styles from the app only; `connect-src` lists the
 * host's API origin (none in the desktop app, which speaks over IPC) and the configured Solana RPC endpoints
 * (HTTP and their WebSocket twins), nothing else.
 */
export function rendererCsp(connectOrigins: readonly string[]): string {
  const connect = new Set<string>();
  for (const origin of connectOrigins) {
    try {
      const url = new URL(origin);
      connect.add(url.origin);
      if (url.protocol === 'https:' || url.protocol === 'http:') connect.add(`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`);
    } catch {
      // An unparsable address is left out: the page cannot reach it.
    }
  }
  return [
    "default-src 'none'",
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src ${connect.size > 0 ? [...connect].join(' ') : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The response headers of every renderer file. */
export function rendererHeaders(contentType: string, csp: string): Record<string, string> {
  return { 'Content-Type': contentType, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
}
