import { ExplorerJobsSchema, ExplorerMarketsSchema, PayoutsSchema, type ExplorerJobs, type ExplorerMarkets, type Payout } from './explorer-protocol';
import type { z } from 'zod';
import { systemClock, type Clock, type NodeSigner } from '../ports';
import { urlLabel } from '../logs/url-secrets';
import { GridError } from './grid-error';
import type { HttpFetch, HttpResponse } from './ports';
import {
  DEFAULT_WAIT_MS,
  EarningsSchema,
  ErrorBodySchema,
  JobSchema,
  MarketListSchema,
  MAX_WAIT_MS,
  NextJobSchema,
  NodeStatusSchema,
  PROTOCOL_PREFIX,
  QueueStatusSchema,
  RunClosedSchema,
  RunSchema,
  type Earnings,
  type Enrollment,
  type Heartbeat,
  type Job,
  type Market,
  type NextJob,
  type NodeStatus,
  type QueueStatus,
  type Run,
  type RunClosed,
  type FailRun,
  type RunEnd,
  type RunResults,
} from './protocol';
import { gridOrigin, signRequest } from './request-signing';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryAfterMs, type RetryPolicy } from './retry-policy';

export interface GridClientOptions {
  /** Base URL of the grid, e.g. http://127.0.0.1:7070 (the `/v1` prefix is added here). */
  baseUrl: string;
  signer: NodeSigner;
  clock?: Clock;
  retry?: RetryPolicy;
  /** Time one attempt may take before it counts as a network error (a long poll adds its wait). */
  requestTimeoutMs?: number;
  /** The network (the platform's fetch, from src/main/composition.ts). */
  fetch: HttpFetch;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface CallOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Extra time this call may take (a long poll's wait). */
  extraTimeoutMs?: number;
  /** Fewer attempts than the policy's, where the caller retries on its own schedule. */
  maxAttempts?: number;
}

/**
 * The host's side of the grid protocol (docs/grid-protocol.md): every request signed by the node key, each
 * attempt signed anew; network errors, 5xx and 429 retried with exponential backoff and jitter; a 4xx never
 * retried. Failures are GridError values.
 */
export class GridClient {
  private readonly base: string;
  /** The grid's origin, signed into every request so that it cannot be replayed at another grid. */
  private readonly origin: string;
  /** The base URL's query (`?key=...`), sent after each route. */
  private readonly query: string;
  /** The grid as messages name it: its host only, since the URL may carry a key (logs/url-secrets.ts). */
  private readonly label: string;
  private readonly signer: NodeSigner;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly fetchFn: HttpFetch;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private lastTimestamp = 0;

  constructor(options: GridClientOptions) {
    const [base = '', query = ''] = options.baseUrl.split(/\?(.*)/s);
    this.base = base.replace(/\/+$/, '');
    this.query = query;
    this.label = urlLabel(options.baseUrl, 'the configured grid address');
    this.origin = gridOrigin(this.base);
    this.signer = options.signer;
    this.clock = options.clock ?? systemClock;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.fetchFn = options.fetch;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** The grid's base URL, for messages. */
  get url(): string {
    return this.query ? `${this.base}?${this.query}` : this.base;
  }

  async markets(): Promise<Market[]> {
    return (await this.call('GET', '/markets', MarketListSchema)).markets;
  }

  /** Enrolls the node (or re-submits its benchmark) and returns the review status. */
  enroll(enrollment: Enrollment): Promise<NodeStatus> {
    return this.call('POST', '/node', NodeStatusSchema, { body: enrollment });
  }

  /** The review status; `attempts: 1` for a caller that retries on its own schedule (the host loop). */
  nodeStatus(options: { attempts?: number } = {}): Promise<NodeStatus> {
    return this.call('GET', '/node', NodeStatusSchema, { maxAttempts: options.attempts });
  }

  joinQueue(): Promise<QueueStatus> {
    return this.call('POST', '/queue', QueueStatusSchema, { body: {} });
  }

  queueStatus(): Promise<QueueStatus> {
    return this.call('GET', '/queue', QueueStatusSchema);
  }

  leaveQueue(): Promise<QueueStatus> {
    return this.call('DELETE', '/queue', QueueStatusSchema);
  }

  /** Long-polls for a job: resolves with an assignment, or with none after `waitMs`. */
  nextJob(waitMs = DEFAULT_WAIT_MS, signal?: AbortSignal): Promise<NextJob> {
    const wait = Math.max(0, Math.min(MAX_WAIT_MS, Math.trunc(waitMs)));
    return this.call('GET', `/queue/next?waitMs=${wait}`, NextJobSchema, { signal, extraTimeoutMs: wait });
  }

  job(jobId: string): Promise<Job> {
    return this.call('GET', `/jobs/${encodeURIComponent(jobId)}`, JobSchema);
  }

  run(runId: string): Promise<Run> {
    return this.call('GET', `/runs/${encodeURIComponent(runId)}`, RunSchema);
  }

  heartbeat(runId: string, heartbeat: Heartbeat): Promise<Run> {
    return this.call('POST', `/runs/${encodeURIComponent(runId)}/heartbeat`, RunSchema, { body: heartbeat });
  }

  /** Ends a run with `finish`, `quit` or `fail` and its body. Safe to repeat: the grid pays once. */
  endRun(runId: string, end: RunEnd): Promise<RunClosed> {
    return this.call('POST', `/runs/${encodeURIComponent(runId)}/${end.kind}`, RunClosedSchema, { body: end.body });
  }

  /** Reports the results of a job that ran to its end; safe to repeat (the grid pays once). */
  finish(runId: string, results: RunResults, endedAt?: string): Promise<RunClosed> {
    return this.endRun(runId, { kind: 'finish', body: { results, endedAt } });
  }

  /** Gives the job up; the grid pays the seconds run. Safe to repeat. */
  quit(runId: string, reason: string, endedAt?: string): Promise<RunClosed> {
    return this.endRun(runId, { kind: 'quit', body: { reason, endedAt } });
  }

  /** Reports a job that did not run to its end, with the cause and whose fault it is. Safe to repeat. */
  fail(runId: string, failure: FailRun): Promise<RunClosed> {
    return this.endRun(runId, { kind: 'fail', body: failure });
  }

  earnings(): Promise<Earnings> {
    return this.call('GET', '/earnings', EarningsSchema);
  }

  /** The node's settlements, newest first. */
  async payouts(): Promise<Payout[]> {
    return (await this.call('GET', '/nodes/me/payouts', PayoutsSchema)).payouts;
  }

  /** The public explorer's markets (busy-ness and prices). */
  explorerMarkets(): Promise<ExplorerMarkets> {
    return this.call('GET', '/explorer/markets', ExplorerMarketsSchema);
  }

  /** The public explorer's recent jobs. */
  explorerJobs(): Promise<ExplorerJobs> {
    return this.call('GET', '/explorer/jobs', ExplorerJobsSchema);
  }

  private async call<S extends z.ZodType>(
    method: string,
    route: string,
    schema: S,
    options: CallOptions = {},
  ): Promise<z.output<S>> {
    const path = `${PROTOCOL_PREFIX}${route}`;
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    let lastError: RetryableGridError | null = null;
    const attempts = Math.max(1, Math.min(this.retry.maxAttempts, options.maxAttempts ?? this.retry.maxAttempts));
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        const hinted = lastError?.retryAfterMs ?? null;
        await this.sleep(hinted ?? backoffDelayMs(attempt - 1, this.retry, this.random), options.signal);
      }
      const outcome = await this.attempt(method, path, body, options);
      if (outcome.ok) return parseResponse(schema, outcome.json, method, path, this.label);
      lastError = outcome.error;
      if (!outcome.error.transient) throw outcome.error;
    }
    throw lastError ?? new GridError('unreachable', 'unreachable', `The grid at ${this.label} did not answer.`);
  }

  /** The route under the base URL, with the base URL's own query (a key, for a grid that wants one) kept. */
  private requestUrl(path: string): string {
    if (!this.query) return `${this.base}${path}`;
    return `${this.base}${path}${path.includes('?') ? '&' : '?'}${this.query}`;
  }

  /**
   * Strictly increasing timestamps: ed25519 signatures are deterministic, so two identical requests in the
   * same millisecond would carry the same signature and the second would be refused as a replay.
   */
  private nextTimestamp(): number {
    this.lastTimestamp = Math.max(Math.trunc(this.clock.now()), this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  private async attempt(
    method: string,
    path: string,
    body: string,
    options: CallOptions,
  ): Promise<{ ok: true; json: unknown } | { ok: false; error: RetryableGridError }> {
    const headers: Record<string, string> = {
      ...(await signRequest(this.signer, { method, origin: this.origin, path, body }, this.nextTimestamp())),
      accept: 'application/json',
    };
    if (body) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(this.requestTimeoutMs + (options.extraTimeoutMs ?? 0));
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: HttpResponse;
    try {
      response = await this.fetchFn(this.requestUrl(path), { method, headers, body: body || undefined, signal, redirect: 'manual' });
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      const why = timeout.aborted ? 'it did not answer in time' : describeNetworkError(err);
      return {
        ok: false,
        error: new RetryableGridError(
          'unreachable',
          'unreachable',
          `The grid at ${this.label} is not answering (${why}). GridHost keeps retrying; check your internet connection, or the grid address in Settings.`,
          null,
          null,
        ),
      };
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw redirectRefused(this.label, method, path, response);
    }
    const text = await readBounded(response, MAX_RESPONSE_BYTES);
    if (text === null) {
      throw new GridError('bad_response', 'bad_response', `The grid at ${this.label} answered ${method} ${path} with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; GridHost refuses such answers.`, response.status);
    }
    if (response.ok) {
      try {
        return { ok: true, json: JSON.parse(text) as unknown };
      } catch {
        throw new GridError('bad_response', 'bad_response', `The grid at ${this.label} answered ${method} ${path} with something that is not JSON.`, response.status);
      }
    }
    const parsed = ErrorBodySchema.safeParse(safeJson(text));
    const code = parsed.success ? parsed.data.error.code : `http_${response.status}`;
    const gridMessage = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
    const retryable = response.status >= 500 || response.status === 429;
    const hint = retryable ? retryAfterMs(response.headers.get('retry-after'), this.clock.now(), this.retry.maxDelayMs) : null;
    return {
      ok: false,
      error: new RetryableGridError(
        retryable ? 'server' : 'refused',
        code,
        retryable
          ? `The grid at ${this.label} is having trouble (${gridMessage}). GridHost retries by itself.`
          : `The grid refused ${method} ${path}: ${gridMessage}`,
        response.status,
        hint,
      ),
    };
  }
}

/** No grid message comes near this; a larger answer is a broken or hostile grid, not something to hold in memory. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** The body as text, or null once it passes `limit` bytes (reading stops there). */
async function readBounded(response: HttpResponse, limit: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return '';
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * A grid never redirects: following one would send the signed headers (and a replayable request) to whatever
 * the redirect names. The target is shown so that the owner can tell a moved grid from a hostile one.
 */
function redirectRefused(base: string, method: string, path: string, response: HttpResponse): GridError {
  const target = response.headers.get('location')?.slice(0, 300) ?? 'no address given';
  return new GridError(
    'bad_response',
    'bad_response',
    `The grid at ${base} answered ${method} ${path} with a redirect (HTTP ${response.status}) to ${target}. GridHost does not follow redirects from a grid; if the grid has really moved, enter its new address as the grid address in Settings.`,
    response.status,
  );
}

/** A GridError that carries the grid's retry-after hint to the retry loop. */
class RetryableGridError extends GridError {
  constructor(
    kind: GridError['kind'],
    code: string,
    message: string,
    status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(kind, code, message, status);
  }
}

function parseResponse<S extends z.ZodType>(schema: S, json: unknown, method: string, path: string, base: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'unknown';
    throw new GridError(
      'bad_response',
      'bad_response',
      `The grid at ${base} answered ${method} ${path} with a message GridHost does not understand (${where}). The grid may speak another protocol version; check the grid address in Settings.`,
    );
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? 'network error';
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
