import type { RegistryHostResolver } from '../containers/ports';
import { whyLocalHost } from '../containers/registry-policy';
import { nextLink } from './link-header';
import type { ModelSource } from './model-resource';
import type { ResourceHttp, ResourceResponse } from './ports';
import { ResourceError } from './resource-error';

/** One file of a model to fetch: where it goes in the entry, where it comes from, and what to verify. */
export interface RemoteFile {
  path: string;
  url: string;
  headers: Record<string, string>;
  size: number | null;
  sha256: string | null;
}

/** The sources' base URLs, from the settings `resources.hfEndpoint` and `resources.s3Endpoint`. */
export interface ResourceEndpoints {
  hfEndpoint: string;
  s3Endpoint: string;
}

const MAX_REDIRECTS = 5;
const MAX_LIST_PAGES = 100;

/**
 * Lists a source's files and opens them, over the `ResourceHttp` port. The endpoints are the owner's settings and
 * are trusted as set (a local test server included); a redirect to any other host (Hugging Face sends files to
 * its CDN) is followed only when that host is on the public internet (`whyLocalHost`, as for image registries).
 */
export class SourceClient {
  constructor(
    private readonly http: ResourceHttp,
    private readonly resolver: RegistryHostResolver,
    private readonly endpoints: () => ResourceEndpoints,
  ) {}

  async listFiles(source: ModelSource, signal: AbortSignal): Promise<RemoteFile[]> {
    return source.kind === 'hf' ? this.listHf(source, signal) : this.listS3(source, signal);
  }

  /** GET with redirects checked; a status other than 200 becomes a `ResourceError` that names `what`. */
  async open(url: string, headers: Record<string, string>, what: string, signal: AbortSignal): Promise<ResourceResponse> {
    const trusted = this.trustedHosts();
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const host = new URL(current).host.toLowerCase();
      if (!trusted.has(host)) await this.checkPublic(new URL(current).hostname, what);
      let response: ResourceResponse;
      try {
        response = await this.http.get(current, trusted.has(host) ? headers : {}, signal);
      } catch (err) {
        if (signal.aborted) throw err;
        throw new ResourceError('host', `This computer could not reach ${host} to fetch ${what} (${(err as Error).message}). Check the network connection.`);
      }
      if (response.status >= 300 && response.status < 400 && response.location) {
        current = new URL(response.location, current).toString();
        continue;
      }
      if (response.status === 200) return response;
      throw statusError(response.status, what);
    }
    throw new ResourceError('job', `Fetching ${what} was redirected more than ${MAX_REDIRECTS} times.`);
  }

  private async listHf(source: Extract<ModelSource, { kind: 'hf' }>, signal: AbortSignal): Promise<RemoteFile[]> {
    const base = trimSlash(this.endpoints().hfEndpoint);
    const revision = encodeURIComponent(source.revision);
    const headers: Record<string, string> = source.accessToken ? { authorization: `Bearer ${source.accessToken}` } : {};
    const what = `the Hugging Face repository ${source.repo}@${source.revision}`;
    const byPath = new Map<string, HfTreeEntry>();
    // The Hub pages a large tree: each page names the next in its `Link` header (rel="next").
    let page: string | null = `${base}/api/models/${source.repo}/tree/${revision}?recursive=true`;
    for (let n = 0; page !== null; n++) {
      if (n === MAX_LIST_PAGES) throw tooManyPages(what, source.files ? null : 'repository');
      const listing = await this.open(page, headers, what, signal);
      for (const entry of parseJsonList(await listing.text(), what)) if (entry.type === 'file') byPath.set(entry.path, entry);
      // The files a job names may all be found before the last page.
      page = source.files?.every((f) => byPath.has(f)) ? null : this.nextHfPage(listing.link, page, what);
    }
    const wanted = source.files ?? [...byPath.keys()];
    return wanted.map((path) => {
      const entry = byPath.get(path);
      if (!entry) throw new ResourceError('job', `The file "${path}" is not in ${what}.`);
      return {
        path,
        url: `${base}/${source.repo}/resolve/${revision}/${path.split('/').map(encodeURIComponent).join('/')}`,
        headers,
        size: entry.lfs?.size ?? entry.size ?? null,
        sha256: entry.lfs?.oid ?? null,
      };
    });
  }

  /**
   * The next page of a Hugging Face listing, only on the Hub endpoint itself: the listing's access token goes with
   * it, so a `Link` to any other origin is refused rather than followed.
   */
  private nextHfPage(link: string | null, current: string, what: string): string | null {
    const target = nextLink(link);
    if (target === null) return null;
    let next: URL;
    try {
      next = new URL(target, current);
    } catch {
      throw new ResourceError('host', `The file listing of ${what} names a next page that is not a URL; check the setting resources.hfEndpoint.`);
    }
    const hub = new URL(this.endpoints().hfEndpoint);
    if (next.origin !== hub.origin) {
      throw new ResourceError('host', `The file listing of ${what} names its next page on ${next.origin}, not on the Hugging Face endpoint ${hub.origin}; GridHost follows listing pages only there. Check the setting resources.hfEndpoint.`);
    }
    return next.toString();
  }

  private async listS3(source: Extract<ModelSource, { kind: 's3' }>, signal: AbortSignal): Promise<RemoteFile[]> {
    const base = trimSlash(this.endpoints().s3Endpoint);
    const [bucket, ...rest] = source.prefix.split('/');
    const prefix = rest.join('/');
    const objectUrl = (key: string) => `${base}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    if (source.files) {
      return source.files.map((file) => ({ path: file, url: objectUrl(prefix ? `${prefix}/${file}` : file), headers: {}, size: null, sha256: null }));
    }
    const what = `the S3 location s3://${source.prefix}`;
    const listPrefix = prefix ? `${prefix}/` : '';
    const files: RemoteFile[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const query: string = `list-type=2&prefix=${encodeURIComponent(listPrefix)}${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const xml: string = await (await this.open(`${base}/${bucket}?${query}`, {}, what, signal)).text();
      for (const [, body = ""] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = xmlText(/<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1] ?? '');
        const size = Number(/<Size>(\d+)<\/Size>/.exec(body)?.[1] ?? NaN);
        if (!key.startsWith(listPrefix) || key.endsWith('/')) continue;
        files.push({ path: key.slice(listPrefix.length), url: objectUrl(key), headers: {}, size: Number.isFinite(size) ? size : null, sha256: null });
      }
      const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
      token = truncated ? xmlText(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') : null;
      if (truncated && !token) {
        throw new ResourceError('host', `The listing of ${what} says it goes on but names no next page, so the model cannot be listed whole. Check the setting resources.s3Endpoint.`);
      }
      if (!token) break;
    }
    // A listing cut short would fetch part of a model, which would only fail later and less clearly.
    if (token) throw tooManyPages(what, 'location');
    if (files.length === 0) throw new ResourceError('job', `${what} holds no files.`);
    return files;
  }

  private trustedHosts(): Set<string> {
    const { hfEndpoint, s3Endpoint } = this.endpoints();
    return new Set([hfEndpoint, s3Endpoint].map((u) => new URL(u).host.toLowerCase()));
  }

  private async checkPublic(hostname: string, what: string): Promise<void> {
    let why: string | null;
    try {
      why = await whyLocalHost(hostname, this.resolver);
    } catch (err) {
      throw new ResourceError('host', `Fetching ${what} led to "${hostname}", which could not be resolved (${(err as Error).message}). Check the network connection.`);
    }
    if (why !== null) throw new ResourceError('job', `Fetching ${what} was redirected to "${hostname}", which is on this computer or the local network (${why}); GridHost never fetches from there.`);
  }
}

interface HfTreeEntry {
  type: string;
  path: string;
  size?: number;
  lfs?: { oid?: string; size?: number };
}

function parseJsonList(text: string, what: string): HfTreeEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ResourceError('host', `The file listing of ${what} is not JSON; check the setting resources.hfEndpoint.`);
  }
  if (!Array.isArray(parsed)) throw new ResourceError('host', `The file listing of ${what} is not a list; check the setting resources.hfEndpoint.`);
  return parsed.filter((e): e is HfTreeEntry => typeof e === 'object' && e !== null && typeof (e as HfTreeEntry).path === 'string');
}

function statusError(status: number, what: string): ResourceError {
  if (status === 404) return new ResourceError('job', `${capital(what)} does not exist (HTTP 404).`);
  if (status === 401 || status === 403) return new ResourceError('job', `${capital(what)} needs access this job did not give (HTTP ${status}): it may be private or gated; give an accessToken.`);
  if (status >= 500) return new ResourceError('host', `The server of ${what} failed (HTTP ${status}); try again later.`);
  return new ResourceError('job', `Fetching ${what} was answered with HTTP ${status}.`);
}

/**
 * A listing longer than GridHost reads (`MAX_LIST_PAGES`): the job's fault. `whole` names what was listed whole
 * (a job that named its files could have fetched just those); null when the job named them already.
 */
function tooManyPages(what: string, whole: 'repository' | 'location' | null): ResourceError {
  const hint = whole ? ` A job may fetch from a ${whole} that large only the files it names.` : '';
  return new ResourceError('job', `${capital(what)} lists its files over more than ${MAX_LIST_PAGES} pages, the most GridHost reads.${hint}`);
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const xmlText = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
