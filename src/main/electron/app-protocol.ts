import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_SCHEME, rendererFileFor, rendererHeaders } from '../core/shell/renderer-protocol';

/** Must run before the app is ready: `app://` is a standard, secure scheme (its pages get an origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the renderer folder at `app://gridhost/`, each file with the CSP of the moment (`csp()` follows the RPC
 * endpoint the owner configured). Anything outside the folder, or of an unknown type, is a 404.
 */
export function serveRenderer(rendererDir: string, csp: () => string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(join(rendererDir, file.relativePath));
      return new Response(body, { status: 200, headers: rendererHeaders(file.contentType, csp()) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
