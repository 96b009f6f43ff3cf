import { systemClock, type Clock, type NodeSigner } from '../ports';
import { GridClient, type GridClientOptions } from './grid-client';
import type { HttpFetch } from './ports';

export interface GridConnectionDeps {
  /** The grid URL now (read from settings at each use, so a change applies to the next request). */
  url: () => string;
  /** Opens the node identity (the wallet's keystore); the key stays there. */
  openSigner: () => Promise<NodeSigner>;
  clock?: Clock;
  /** The network (the platform's fetch, from src/main/composition.ts). */
  fetch: HttpFetch;
  /** Client tuning (tests shorten the retries). */
  clientOptions?: Pick<GridClientOptions, 'retry' | 'requestTimeoutMs'>;
}

/**
 * The host's way to the grid: one GridClient for the configured URL and the node identity, made when first
 * needed and made again when the URL setting changes.
 */
export class GridConnection {
  private current: { url: string; client: GridClient } | null = null;

  constructor(private readonly deps: GridConnectionDeps) {}

  /** The configured grid URL. */
  get url(): string {
    return this.deps.url();
  }

  async client(): Promise<GridClient> {
    const url = this.deps.url();
    if (this.current?.url === url) return this.current.client;
    const signer = await this.deps.openSigner();
    const client = new GridClient({
      baseUrl: url,
      signer,
      clock: this.deps.clock ?? systemClock,
      fetch: this.deps.fetch,
      ...this.deps.clientOptions,
    });
    this.current = { url, client };
    return client;
  }
}
