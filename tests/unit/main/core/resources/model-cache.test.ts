import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ModelCache } from '../../../../../src/main/core/resources/model-cache';
import { parseModelResources } from '../../../../../src/main/core/resources/model-resource';
import type { ModelEntry, ModelStore, ModelVolumes, ResourceHttp, ResourceResponse } from '../../../../../src/main/core/resources/ports';
import { SourceClient } from '../../../../../src/main/core/resources/source-client';
import { ManualClock, RecordingEvents, RecordingLogger } from '../../../../support/core-fakes';

/** An in-memory store: a file counts only once its check passed, an entry only once completed. */
class MemoryModelStore implements ModelStore {
  readonly files = new Map<string, string>();
  readonly entries = new Map<string, ModelEntry>();
  async list() {
    return [...this.entries.values()];
  }
  folderOf(key: string) {
    return `/models/${key}`;
  }
  async fileSize(key: string, path: string) {
    const text = this.files.get(`${key}/${path}`);
    return text === undefined ? null : Buffer.byteLength(text);
  }
  async writeFile(key: string, path: string, chunks: AsyncIterable<Uint8Array>, check: () => string | null) {
    let text = '';
    for await (const chunk of chunks) text += Buffer.from(chunk).toString();
    const problem = check();
    if (problem !== null) throw new Error(problem);
    this.files.set(`${key}/${path}`, text);
  }
  async complete(key: string, bytes: number, nowMs: number) {
    this.entries.set(key, { key, bytes, lastUsedMs: nowMs });
  }
  async touch(key: string, nowMs: number) {
    this.entries.get(key)!.lastUsedMs = nowMs;
  }
  async remove(key: string) {
    this.entries.delete(key);
    for (const name of this.files.keys()) if (name.startsWith(`${key}/`)) this.files.delete(name);
  }
}

const volumes: ModelVolumes = { ensure: async (key) => `vol-${key}`, remove: async () => undefined };

/** Answers listings and files from a table; `release` lets held file responses go. */
class FakeHttp implements ResourceHttp {
  readonly gets: string[] = [];
  hold: Promise<void> | null = null;
  constructor(readonly routes: Record<string, { status?: number; body?: string; location?: string; length?: number }>) {}
  async get(url: string): Promise<ResourceResponse> {
    this.gets.push(url);
    const route = this.routes[url] ?? { status: 404, body: '' };
    if (this.hold && url.includes('/resolve/')) await this.hold;
    const body = route.body ?? '';
    return {
      status: route.status ?? 200,
      contentLength: route.length ?? Buffer.byteLength(body),
      location: route.location ?? null,
      link: null,
      body: (async function* () {
        yield Buffer.from(body);
      })(),
      text: async () => body,
    };
  }
}

const HF = 'https://hf.test';
const content = 'weights!';
const listing = (sha = createHash('sha256').update(content).digest('hex')) =>
  JSON.stringify([{ type: 'file', path: 'model.bin', size: content.length, lfs: { oid: sha, size: content.length } }]);

function setup(routes: ConstructorParameters<typeof FakeHttp>[0], resolve: Record<string, string[]> = {}) {
  const http = new FakeHttp(routes);
  const store = new MemoryModelStore();
  const events = new RecordingEvents();
  const resolver = { resolve: async (host: string) => resolve[host] ?? ['93.184.216.34'] };
  const cache = new ModelCache({
    store,
    volumes,
    sources: new SourceClient(http, resolver, () => ({ hfEndpoint: HF, s3Endpoint: 'https://s3.test' })),
    events,
    clock: new ManualClock(),
    logger: new RecordingLogger(),
    budgetBytes: () => 1_000_000,
  });
  return { http, store, events, cache };
}

const tiny = () => parseModelResources([{ type: 'HF', repo: 'acme/tiny', target: '/models/tiny' }]);
const never = new AbortController().signal;

describe('ModelCache', () => {
  it('shares one download between jobs that need the same model at once', async () => {
    const { http, cache } = setup({ [`${HF}/api/models/acme/tiny/tree/main?recursive=true`]: { body: listing() }, [`${HF}/acme/tiny/resolve/main/model.bin`]: { body: content } });
    let release!: () => void;
    http.hold = new Promise((r) => (release = r));
    const a = cache.prepare('job-a', 'run', tiny(), never);
    const b = cache.prepare('job-b', 'run', tiny(), never);
    await new Promise((r) => setTimeout(r, 10));
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.volumes).toEqual(rb.volumes);
    expect(http.gets.filter((u) => u.includes('/resolve/'))).toHaveLength(1);
  });

  it('keeps no file or entry when a file does not match its published SHA-256', async () => {
    const { store, cache } = setup({ [`${HF}/api/models/acme/tiny/tree/main?recursive=true`]: { body: listing('0'.repeat(64)) }, [`${HF}/acme/tiny/resolve/main/model.bin`]: { body: content } });
    await expect(cache.prepare('job-a', 'run', tiny(), never)).rejects.toMatchObject({ fault: 'host', message: expect.stringContaining('does not match its published SHA-256') });
    expect(store.files.size).toBe(0);
    expect(store.entries.size).toBe(0);
  });

  it('resumes an interrupted download: a file already in place is not fetched again', async () => {
    const files = JSON.stringify([
      { type: 'file', path: 'a.bin', size: 3 },
      { type: 'file', path: 'b.bin', size: 3 },
    ]);
    const { http, store, cache } = setup({ [`${HF}/api/models/acme/tiny/tree/main?recursive=true`]: { body: files }, [`${HF}/acme/tiny/resolve/main/a.bin`]: { body: 'aaa' }, [`${HF}/acme/tiny/resolve/main/b.bin`]: { status: 503 } });
    await expect(cache.prepare('job-a', 'run', tiny(), never)).rejects.toMatchObject({ fault: 'host', message: expect.stringContaining('HTTP 503') });
    expect(store.entries.size).toBe(0);
    http.routes[`${HF}/acme/tiny/resolve/main/b.bin`] = { body: 'bbb' };
    await cache.prepare('job-b', 'run', tiny(), never);
    expect(http.gets.filter((u) => u.endsWith('/a.bin'))).toHaveLength(1);
    expect([...store.entries.values()]).toEqual([expect.objectContaining({ bytes: 6 })]);
  });

  it('keeps no entry when a file arrives short', async () => {
    const { store, cache } = setup({
      [`${HF}/api/models/acme/tiny/tree/main?recursive=true`]: { body: JSON.stringify([{ type: 'file', path: 'model.bin', size: 100 }]) },
      [`${HF}/acme/tiny/resolve/main/model.bin`]: { body: content },
    });
    await expect(cache.prepare('job-a', 'run', tiny(), never)).rejects.toMatchObject({ message: expect.stringContaining('arrived with 8 bytes instead of 100') });
    expect(store.entries.size).toBe(0);
  });

  it('follows a redirect to a public CDN, and refuses one to a private address', async () => {
    const cdn = 'https://cdn.test/blob';
    const routes = {
      [`${HF}/api/models/acme/tiny/tree/main?recursive=true`]: { body: listing() },
      [`${HF}/acme/tiny/resolve/main/model.bin`]: { status: 302, location: cdn },
      [cdn]: { body: content },
    };
    const ok = setup(routes);
    await ok.cache.prepare('job-a', 'run', tiny(), never);
    expect(ok.http.gets).toContain(cdn);

    const bad = setup(routes, { 'cdn.test': ['10.0.0.7'] });
    await expect(bad.cache.prepare('job-a', 'run', tiny(), never)).rejects.toMatchObject({ fault: 'job', message: expect.stringContaining('on this computer or the local network') });
    expect(bad.http.gets).not.toContain(cdn);
  });
});

describe('parseModelResources', () => {
  it('refuses an Ollama model with what to do instead', () => {
    expect(() => parseModelResources([{ type: 'Ollama', model: 'llama3' }])).toThrow(/does not fetch Ollama models\. Pull the model inside the op/);
  });

  it('refuses paths that climb out of the repository and reserved targets', () => {
    expect(() => parseModelResources([{ type: 'HF', repo: 'a/b', files: ['../etc/passwd'], target: '/m' }])).toThrow(/not a relative file path/);
    expect(() => parseModelResources([{ type: 'HF', repo: 'a/b', target: '/etc' }])).toThrow(/target/);
    expect(() => parseModelResources([{ type: 'S3', url: 'https://evil.test/x', target: '/m' }])).toThrow(/s3:\/\/bucket\/prefix/);
  });

  it('gives the same model the same cache key, whatever its target', () => {
    const [a] = parseModelResources([{ type: 'HF', repo: 'a/b', target: '/one' }]);
    const [b] = parseModelResources([{ type: 'HF', repo: 'a/b', revision: 'main', target: '/two' }]);
    expect(a!.key).toBe(b!.key);
  });
});
