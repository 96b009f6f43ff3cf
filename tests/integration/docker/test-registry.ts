import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { busyboxRootfsTar } from '../../support/docker-images';

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

interface Repo {
  manifest: Buffer;
  manifestDigest: string;
  /** Blob bytes served by digest; a corrupt repo serves other bytes than its digests promise. */
  blobs: Map<string, Buffer>;
  layerSizes: number[];
  private: boolean;
}

export interface TestRegistry {
  /** `127.0.0.1:<port>`, which Docker treats as an insecure (plain HTTP) registry by default. */
  host: string;
  /** Repository names served: `public` (two layers), `private` (needs the credentials), `corrupt`. */
  ref(repo: 'public' | 'private' | 'corrupt' | 'missing', tag?: string): string;
  manifestDigest(repo: 'public' | 'private'): string;
  layerSizes(repo: 'public'): number[];
  /** How many times the token endpoint received the right credentials. */
  readonly credentialUses: number;
  /** How many HTTP requests the registry received, of any kind. */
  readonly requests: number;
  /** Every Authorization header the registry saw (Basic to the token endpoint, then Bearer), in order. */
  authorizations: string[];
  readonly username: string;
  readonly password: string;
  close(): Promise<void>;
}

/**
 * A minimal Docker Registry HTTP API v2 on 127.0.0.1: enough for `docker pull` of a schema 2 manifest, with
 * token auth (Basic credentials exchanged for a Bearer token) on one repository and a layer whose bytes do not match its digest on another (the engine then
 * reports the failure inside the pull stream, after answering 200). Real HTTP, real engine, no internet.
 */
export async function startTestRegistry(): Promise<TestRegistry> {
  const rootfsTar = await busyboxRootfsTar();
  const rootfs = gzipSync(rootfsTar);
  // Diff ids are digests of the uncompressed layers.
  const rootfsDiff = sha256(rootfsTar);
  // A second, incompressible layer so that the pull reports progress over several layers and many chunks.
  const dataTar = tarOneFile('data/weights.bin', randomBytes(6 * 1024 * 1024));
  const dataLayer = gzipSync(dataTar);
  const username = 'grid-user';
  const password = `pw-${randomBytes(12).toString('hex')}`;

  const repos = new Map<string, Repo>();
  repos.set('gridhost-test/public', buildRepo([rootfs, dataLayer], [rootfsDiff, sha256(dataTar)], false));
  repos.set('gridhost-test/private', buildRepo([rootfs], [rootfsDiff], true));
  // Its own data layer (a shared one would already be on disk), served with bytes that do not match.
  const otherTar = tarOneFile('data/other.bin', randomBytes(1024 * 1024));
  const otherLayer = gzipSync(otherTar);
  const corrupt = buildRepo([rootfs, otherLayer], [rootfsDiff, sha256(otherTar)], false);
  corrupt.blobs.set(sha256(otherLayer), randomBytes(otherLayer.length));
  repos.set('gridhost-test/corrupt', corrupt);

  const authorizations: string[] = [];
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const userTokens = new Set<string>();
  let credentialUses = 0;
  let requests = 0;
  const server = createServer((req, res) => handle(req, res));
  let host = '';

  // Docker Hub's scheme: /v2/ answers with a Bearer challenge; the token endpoint hands out an anonymous
  // token, or a user token when the pull carried the right Basic credentials.
  function challenge(res: ServerResponse, scope?: string): void {
    const scopePart = scope ? `,scope="${scope}"` : '';
    res.writeHead(401, {
      'Content-Type': 'application/json',
      'WWW-Authenticate': `Bearer realm="http://${host}/token",service="gridhost-test"${scopePart}`,
    });
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    requests += 1;
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    const url = new URL(req.url ?? '/', 'http://registry');
    if (url.pathname === '/token') {
      const token = `${req.headers.authorization === basic ? 'user' : 'anon'}-${randomBytes(8).toString('hex')}`;
      if (token.startsWith('user')) {
        userTokens.add(token);
        credentialUses += 1;
      }
      return json(res, 200, { token, access_token: token, expires_in: 300 });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return challenge(res);
    const authorized = userTokens.has(bearer);
    if (url.pathname === '/v2/' || url.pathname === '/v2') return json(res, 200, {});
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!match) return json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'not found' }] });
    const [, name = '', kind, reference = ''] = match;
    const repo = repos.get(name);
    if (repo?.private && !authorized) return challenge(res, `repository:${name}:pull`);
    if (!repo) return json(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
    if (kind === 'manifests') {
      if (reference !== 'latest' && reference !== repo.manifestDigest) {
        return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
      }
      res.writeHead(200, { 'Content-Type': MANIFEST_TYPE, 'Docker-Content-Digest': repo.manifestDigest, 'Content-Length': repo.manifest.length });
      return void res.end(req.method === 'HEAD' ? undefined : repo.manifest);
    }
    const blob = repo.blobs.get(reference);
    if (!blob) return json(res, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] });
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': blob.length, 'Docker-Content-Digest': reference });
    if (req.method === 'HEAD') return void res.end();
    // Sent in pieces so that the engine reports download progress more than once.
    let offset = 0;
    const pump = () => {
      while (offset < blob.length) {
        const piece = blob.subarray(offset, offset + 256 * 1024);
        offset += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    ref: (repo, tag = 'latest') => `${host}/gridhost-test/${repo}:${tag}`,
    manifestDigest: (repo) => repos.get(`gridhost-test/${repo}`)!.manifestDigest,
    layerSizes: () => repos.get('gridhost-test/public')!.layerSizes,
    authorizations,
    get credentialUses() {
      return credentialUses;
    },
    get requests() {
      return requests;
    },
    username,
    password,
    close: () => closeServer(server),
  };
}

function buildRepo(layers: Buffer[], diffIds: string[], isPrivate: boolean): Repo {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/bin'], Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: layers.map(() => ({ created_by: 'gridhost test registry' })),
    }),
  );
  const blobs = new Map<string, Buffer>([[sha256(config), config]]);
  for (const layer of layers) blobs.set(sha256(layer), layer);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: l.length, digest: sha256(l) })),
    }),
  );
  return { manifest, manifestDigest: sha256(manifest), blobs, layerSizes: layers.map((l) => l.length), private: isPrivate };
}

/** A ustar archive holding one regular file (and its parent folder implied). */
function tarOneFile(path: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(path, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding, Buffer.alloc(1024)]);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
