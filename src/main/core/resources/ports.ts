/** An HTTP response of a resource source: its status, its length when sent, and its body as it arrives. */
export interface ResourceResponse {
  status: number;
  contentLength: number | null;
  /** The `Location` of a redirect (3xx), which the core checks before following. */
  location: string | null;
  /** The `Link` header (RFC 8288), where a paged listing names its next page (Hugging Face's tree listings). */
  link: string | null;
  body: AsyncIterable<Uint8Array>;
  /** Reads the whole body as text (a listing). */
  text(): Promise<string>;
}

/** GET over HTTP(S) for model files and listings (adapters/http/resource-http.ts). Throws only when unreachable. */
export interface ResourceHttp {
  get(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<ResourceResponse>;
}

/** A complete entry of the model cache. */
export interface ModelEntry {
  key: string;
  bytes: number;
  lastUsedMs: number;
}

/**
 * Where cached models live (adapters/fs/model-store.ts): one folder per entry. A file is written under a temporary
 * name and renamed into place only when `check` accepts it, so a reader never sees half a file; an entry counts
 * only once `complete` was called, so an interrupted download is never taken for a model.
 */
export interface ModelStore {
  list(): Promise<ModelEntry[]>;
  /** The entry's folder on this machine (what its volume binds). */
  folderOf(key: string): string;
  /** The size of a file already in place (from an interrupted download: it was checked before its rename), or null. */
  fileSize(key: string, path: string): Promise<number | null>;
  writeFile(key: string, path: string, chunks: AsyncIterable<Uint8Array>, check: () => string | null): Promise<void>;
  complete(key: string, bytes: number, nowMs: number): Promise<void>;
  touch(key: string, nowMs: number): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The read-only mount of a cache entry: a Docker volume labelled as this installation's, bound to its folder. */
export interface ModelVolumes {
  /** Creates (or finds) the volume of an entry and returns its name. */
  ensure(key: string, folder: string): Promise<string>;
  remove(key: string): Promise<void>;
}
