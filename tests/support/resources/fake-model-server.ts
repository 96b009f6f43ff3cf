import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file of a fake repository: its content, and whether the listing names it as an LFS file (with its SHA-256). */
export interface FakeFile {
  content: string;
  lfs?: boolean;
}

/**
 * A small local HTTP server shaped like the Hugging Face Hub (`/api/models/<repo>/tree/<rev>` listings and
 * `/<repo>/resolve/<rev>/<path>` files) and a path-style S3 endpoint (GET object, ListObjectsV2), for the model
 * cache's tests. It counts the file GETs per path, so a test can see that a cached model is not fetched again.
 */
export class FakeModelServer {
  readonly fileGets = new Map<string, number>();
  /** Holds every file response until released, to see a download shared while it runs. */
  gate: Promise<void> | null = null;
  /** Files per page of a repository or bucket listing (the Hub's next page in a `Link` header, S3's in a continuation token); null: one page. */
  listingPageSize: number | null = null;
  /** A truncated bucket listing that names no continuation token, as a broken S3 endpoint might answer. */
  omitContinuationToken = false;
  /** The origin the `Link` to a listing's next page names; this server's own when null. */
  listingLinkOrigin: string | null = null;
  /** The repository and bucket listings asked for: the path with its query, and the access token sent. */
  readonly listings: Array<{ url: string; authorization: string | null }> = [];
  private server: Server | null = null;
  private readonly repos = new Map<string, Record<string, FakeFile>>();
  private readonly buckets = new Map<string, Record<string, string>>();

  addRepo(repo: string, files: Record<string, FakeFile>): void {
    this.repos.set(repo, files);
  }

  addBucket(bucket: string, objects: Record<string, string>): void {
    this.buckets.set(bucket, objects);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  gets(path: string): number {
    return this.fileGets.get(path) ?? 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.answer(req.url ?? '/', req.headers.authorization ?? null, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async answer(rawUrl: string, authorization: string | null, res: import('node:http').ServerResponse): Promise<void> {
    const url = new URL(rawUrl, 'http://x');
    const path = decodeURIComponent(url.pathname);
    const tree = /^\/api\/models\/(.+)\/tree\/([^/]+)$/.exec(path);
    if (tree) {
      const files = this.repos.get(tree[1]!);
      if (!files) return void res.writeHead(404).end('{"error":"Repository not found"}');
      this.listings.push({ url: rawUrl, authorization });
      const listing = Object.entries(files).map(([p, f]) => ({
        type: 'file',
        path: p,
        size: Buffer.byteLength(f.content),
        ...(f.lfs ? { lfs: { oid: createHash('sha256').update(f.content).digest('hex'), size: Buffer.byteLength(f.content) } } : {}),
      }));
      if (this.listingPageSize === null) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing));
      // The Hub's cursor is opaque; here it is the index of the page's first file.
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const to = from + this.listingPageSize;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (to < listing.length) {
        const next = new URL(rawUrl, this.listingLinkOrigin ?? this.url);
        next.searchParams.set('cursor', String(to));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      return void res.writeHead(200, headers).end(JSON.stringify(listing.slice(from, to)));
    }
    const resolve = /^\/(.+?\/.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve) {
      const file = this.repos.get(resolve[1]!)?.[resolve[3]!];
      return this.sendFile(path, file?.content, res);
    }
    const [, bucket = '', ...key] = path.split('/');
    const objects = this.buckets.get(bucket);
    if (objects && url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      this.listings.push({ url: rawUrl, authorization });
      const matching = Object.entries(objects).filter(([k]) => k.startsWith(prefix));
      // Paged like the Hub's listings (listingPageSize); the continuation token is the index of the page's first key.
      const from = Number(url.searchParams.get('continuation-token') ?? 0);
      const to = this.listingPageSize === null ? matching.length : from + this.listingPageSize;
      const contents = matching
        .slice(from, to)
        .map(([k, v]) => `<Contents><Key>${k}</Key><Size>${Buffer.byteLength(v)}</Size></Contents>`)
        .join('');
      const next = this.omitContinuationToken ? '' : `<NextContinuationToken>${to}</NextContinuationToken>`;
      const more = to < matching.length ? `<IsTruncated>true</IsTruncated>${next}` : '<IsTruncated>false</IsTruncated>';
      return void res.writeHead(200, { 'content-type': 'application/xml' }).end(`<ListBucketResult>${more}${contents}</ListBucketResult>`);
    }
    return this.sendFile(path, objects?.[key.join('/')], res);
  }

  private async sendFile(path: string, content: string | undefined, res: import('node:http').ServerResponse): Promise<void> {
    if (content === undefined) return void res.writeHead(404).end('Entry not found');
    this.fileGets.set(path, this.gets(path) + 1);
    if (this.gate) await this.gate;
    res.writeHead(200, { 'content-length': String(Buffer.byteLength(content)) }).end(content);
  }
}
