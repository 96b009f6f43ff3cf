import { createHash } from 'node:crypto';
import type { Clock, EventSink, Logger } from '../ports';
import type { ModelResource } from './model-resource';
import type { ModelStore, ModelVolumes } from './ports';
import { isResourceError, ResourceError } from './resource-error';
import type { RemoteFile, SourceClient } from './source-client';

export interface ModelCacheDeps {
  store: ModelStore;
  volumes: ModelVolumes;
  sources: SourceClient;
  events: EventSink;
  clock: Clock;
  logger: Logger;
  /** The disk budget of the cache in bytes (setting `resources.cacheGiB`). */
  budgetBytes: () => number;
}

/** An op's models, mounted: the volumes to give its container, and the release once the op has ended. */
export interface PreparedResources {
  volumes: Array<{ name: string; target: string }>;
  release(): void;
}

interface Download {
  done: Promise<void>;
  abort: AbortController;
  waiters: Set<string>;
  received: number;
  total: number | null;
}

const PROGRESS_EVERY_MS = 250;

/**
 * The model cache: an op's HF and S3 resources are fetched into an entry of the store before the op starts (one
 * download per entry, shared by every job that needs it while it runs), kept across jobs, and mounted read-only
 * through a volume. The cache stays under its budget by removing the least recently used entries that no op is
 * using. Progress is published as `jobs.resource.progress`.
 */
export class ModelCache {
  private readonly downloads = new Map<string, Download>();
  private readonly inUse = new Map<string, number>();
  private readonly log: Logger;

  constructor(private readonly deps: ModelCacheDeps) {
    this.log = deps.logger.child({ component: 'model-cache' });
  }

  /** Makes every resource of an op ready and mounted; throws a `ResourceError` that says why one is not. */
  async prepare(jobId: string, opId: string, resources: ModelResource[], signal: AbortSignal): Promise<PreparedResources> {
    const held: string[] = [];
    const release = () => held.splice(0).forEach((key) => this.inUse.set(key, (this.inUse.get(key) ?? 1) - 1));
    try {
      const volumes: PreparedResources['volumes'] = [];
      for (const resource of resources) {
        this.inUse.set(resource.key, (this.inUse.get(resource.key) ?? 0) + 1);
        held.push(resource.key);
        await this.ensure(jobId, opId, resource, signal);
        const name = await this.deps.volumes.ensure(resource.key, this.deps.store.folderOf(resource.key));
        volumes.push({ name, target: resource.target });
      }
      return { volumes, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  private async ensure(jobId: string, opId: string, resource: ModelResource, signal: AbortSignal): Promise<void> {
    const progress = (state: 'ready' | 'downloading' | 'failed', received: number, total: number | null, message: string | null = null) =>
      this.deps.events.publish('jobs.resource.progress', { jobId, opId, resource: resource.label, target: resource.target, state, receivedBytes: received, totalBytes: total, message });
    const cached = (await this.deps.store.list()).find((e) => e.key === resource.key);
    if (cached) {
      await this.deps.store.touch(resource.key, this.deps.clock.now());
      this.log.info('model resource cached', { job: jobId, op: opId, resource: resource.label, bytes: cached.bytes });
      progress('ready', cached.bytes, cached.bytes);
      return;
    }
    const waiter = `${jobId}/${opId}`;
    const download = this.downloads.get(resource.key) ?? this.start(resource, progress);
    download.waiters.add(waiter);
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      await Promise.race([download.done, aborted]);
      progress('ready', download.received, download.received);
    } catch (err) {
      if (!signal.aborted) progress('failed', download.received, download.total, (err as Error).message);
      throw err;
    } finally {
      download.waiters.delete(waiter);
      if (download.waiters.size === 0 && signal.aborted) download.abort.abort(new Error('no job needs this model any more'));
    }
  }

  private start(resource: ModelResource, progress: (state: 'downloading', received: number, total: number | null) => void): Download {
    const download: Download = { done: Promise.resolve(), abort: new AbortController(), waiters: new Set(), received: 0, total: null };
    download.done = this.fetchEntry(resource, download, progress).finally(() => this.downloads.delete(resource.key));
    download.done.catch(() => undefined);
    this.downloads.set(resource.key, download);
    return download;
  }

  private async fetchEntry(resource: ModelResource, download: Download, progress: (state: 'downloading', received: number, total: number | null) => void): Promise<void> {
    const { store, sources, clock } = this.deps;
    const signal = download.abort.signal;
    const startedMs = clock.now();
    try {
      const files: RemoteFile[] = [];
      for (const source of resource.sources) files.push(...(await sources.listFiles(source, signal)));
      const known = files.every((f) => f.size !== null) ? files.reduce((n, f) => n + (f.size ?? 0), 0) : null;
      download.total = known;
      if (known !== null) await this.makeRoom(resource, known);
      this.log.info('model resource download started', { resource: resource.label, files: files.length, bytes: known });
      let lastSent = 0;
      const onBytes = (n: number) => {
        download.received += n;
        if (clock.now() - lastSent < PROGRESS_EVERY_MS) return;
        lastSent = clock.now();
        progress('downloading', download.received, download.total);
      };
      progress('downloading', 0, known);
      for (const file of files) {
        // A file an interrupted download already put in place (checked before its rename) is kept: a retry resumes.
        if (file.size !== null && (await store.fileSize(resource.key, file.path)) === file.size) onBytes(file.size);
        else await this.fetchFile(resource, file, onBytes, signal);
      }
      await store.complete(resource.key, download.received, clock.now());
      this.log.info('model resource downloaded', { resource: resource.label, bytes: download.received, ms: clock.now() - startedMs });
      await this.makeRoom(resource, 0);
    } catch (err) {
      // What arrived is kept for the next try when the host was at fault (the network); otherwise it is dropped.
      const resumable = signal.aborted || (isResourceError(err) && err.fault === 'host');
      if (!resumable) await store.remove(resource.key).catch(() => undefined);
      this.log.warn('model resource download failed', { resource: resource.label, error: (err as Error).message, kept: resumable });
      if (isResourceError(err) || signal.aborted) throw err;
      throw new ResourceError('host', `The model ${resource.label} could not be saved on this computer (${(err as Error).message}). Check the free disk space of the data folder.`);
    }
  }

  private async fetchFile(resource: ModelResource, file: RemoteFile, onBytes: (n: number) => void, signal: AbortSignal): Promise<void> {
    const what = `the file "${file.path}" of ${resource.label}`;
    const response = await this.deps.sources.open(file.url, file.headers, what, signal);
    const expected = file.size ?? response.contentLength;
    const hash = createHash('sha256');
    let bytes = 0;
    async function* counted(): AsyncIterable<Uint8Array> {
      for await (const chunk of response.body) {
        bytes += chunk.byteLength;
        hash.update(chunk);
        onBytes(chunk.byteLength);
        yield chunk;
      }
    }
    let mismatch: string | null = null;
    await this.deps.store.writeFile(resource.key, file.path, counted(), () => {
      if (expected !== null && bytes !== expected) mismatch = `${what} arrived with ${bytes} bytes instead of ${expected}`;
      else if (file.sha256 !== null && hash.digest('hex') !== file.sha256.toLowerCase()) mismatch = `${what} does not match its published SHA-256`;
      return mismatch;
    });
    if (mismatch !== null) throw new ResourceError('host', `${mismatch}; the download was interrupted or altered. Try again later.`);
  }

  /** Removes the least recently used entries no op is using until `incoming` more bytes fit the budget. */
  private async makeRoom(resource: ModelResource, incoming: number): Promise<void> {
    const budget = this.deps.budgetBytes();
    if (incoming > budget) {
      throw new ResourceError('job', `The model ${resource.label} needs ${gib(incoming)} GiB, more than the model cache's budget of ${gib(budget)} GiB (setting resources.cacheGiB).`);
    }
    const entries = (await this.deps.store.list()).sort((a, b) => a.lastUsedMs - b.lastUsedMs);
    let total = entries.reduce((n, e) => n + e.bytes, 0) + incoming;
    for (const entry of entries) {
      if (total <= budget) break;
      if (entry.key === resource.key || (this.inUse.get(entry.key) ?? 0) > 0) continue;
      await this.deps.volumes.remove(entry.key);
      await this.deps.store.remove(entry.key);
      total -= entry.bytes;
      this.log.info('model resource evicted', { key: entry.key, bytes: entry.bytes, lastUsedMs: entry.lastUsedMs });
    }
  }
}

const gib = (bytes: number) => Math.round((bytes / 1024 ** 3) * 100) / 100;
