import type { BenchmarkResult, DetectionReport } from '../../../shared/contract/gpu';
import type { NodeStatus } from './protocol';

/** What an enrollment submits, from the GPU and benchmark services. */
export interface EnrollmentEvidence {
  /** The latest detection report (detecting when there is none yet). */
  detection(): Promise<DetectionReport>;
  /** A finished benchmark by id, or the newest when id is null; null when there is none. */
  benchmark(id: string | null): Promise<BenchmarkResult | null>;
}

/** An HTTP answer as the grid client reads it; the platform's fetch `Response` is one. */
export interface HttpResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

/** One HTTP request as the grid client makes it. */
export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Always 'manual': a redirect comes back as the answer, never followed (the signed headers stay with the grid). */
  redirect: 'manual';
}

/**
 * How the core reaches the network: one request, one answer, redirects not followed; rejects when there is no
 * answer (network error, abort). src/main/composition.ts gives the platform's `fetch`; tests may give a scripted one.
 */
export type HttpFetch = (url: string, request: HttpRequest) => Promise<HttpResponse>;

/** The enrollment status last read from a grid, with that grid's address. */
export type KnownEnrollment = NodeStatus & { gridUrl: string };

/** Where the last enrollment status is kept (the host's database), so the pages can show it while the grid cannot answer. */
export interface EnrollmentStore {
  /** The status last kept, or null. A record that cannot be read is dropped (and logged), and null returned. */
  read(): Promise<KnownEnrollment | null>;
  /** Keeps this status; null forgets it (the grid does not know this node). */
  write(status: KnownEnrollment | null): Promise<void>;
}
