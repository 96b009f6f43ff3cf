import { Explorer } from './explorer';
import { explorerPage } from './explorer-page';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  DEFAULT_WAIT_MS,
  EnrollmentSchema,
  GRID_TERMS_VERSION,
  FailRunSchema,
  FinishRunSchema,
  HeartbeatSchema,
  MAX_JSON_BODY_BYTES,
  MAX_WAIT_MS,
  QuitRunSchema,
} from '../../src/main/core/grid/protocol';
import { Coordinator } from './coordinator';
import { openGridDatabase, type GridDatabase } from './grid-database';
import { DEFAULT_VERIFICATION_JOB, type VerificationJobOptions } from './gpu-verification';
import { GridHttpError } from './grid-http-error';
import { JobFeeder, type JobFeederOptions } from './job-feeder';
import { CPU_DEV_MARKET, defaultMarkets, type MarketConfig } from './market-config';
import { rememberSignature, verifySignedRequest } from './request-auth';
import { DEFAULT_SAMPLE_IMAGE } from './sample-job';
import { ServiceRelayHub } from './service-relay-hub';
import { postJobWithServiceToken, type PostedJob } from './service-tokens';
import { SpeedTest } from './speed-test';

export interface LocalGridOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /**
   * The origin hosts reach this grid at (e.g. https://grid.example.com behind a proxy): every request must be
   * signed for it. Default: the address it listens on, http://127.0.0.1:PORT (or http://localhost:PORT).
   */
  publicOrigin?: string;
  /** SQLite file with the grid's state (created when missing). */
  dbPath: string;
  /** Onboard nodes whose benchmark passes at once (default true); else an operator approves them. */
  autoApprove?: boolean;
  /** Offer the `cpu-dev` market to machines without a GPU (default true). */
  cpuDev?: boolean;
  /** The job that verifies a node's GPU before it is onboarded in a GPU market (default: the benchmark image, with the GPU). */
  verification?: Partial<VerificationJobOptions>;
  /** Markets to offer; defaults to one per GPU class of the catalogue, plus cpu-dev. */
  markets?: MarketConfig[];
  /** The sample job feeder; `false` posts nothing (jobs are then posted with `postJob`). */
  feeder?: Partial<JobFeederOptions> | false;
  /** The grid's clock (tests move it); Date.now by default. */
  now?: () => number;
  /** How often runs, queues, settlements and old signatures are swept. */
  sweepIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  /** The longest a host may go between heartbeats (pay reaches at most this far past the last one). */
  heartbeatIntervalMs?: number;
  queueStaleMs?: number;
  settleAfterMs?: number;
}

export interface LocalGrid {
  /** Base URL, e.g. http://127.0.0.1:7070 */
  url: string;
  coordinator: Coordinator;
  feeder: JobFeeder | null;
  /** Runs a function in one SQLite transaction (for operator actions and tests). */
  transaction<T>(fn: () => T): T;
  /** Posts a job as a poster does: with its service address and token (docs/grid-protocol.md, "Service relay"). */
  postJob(input: Parameters<Coordinator['postJob']>[0]): PostedJob;
  close(): Promise<void>;
}

type Auth = 'none' | 'signed' | 'node' | 'onboarded';

interface RouteContext {
  address: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

interface Route {
  method: string;
  pattern: RegExp;
  auth: Auth;
  body?: z.ZodType;
  /** Runs in one transaction with the recording of the request's signature; absent for the long poll. */
  handle?(ctx: RouteContext): unknown;
}

const NO_BODY = z.union([z.undefined(), z.object({}).strict()]);
const WaitQuery = z.coerce.number().int().min(0).max(MAX_WAIT_MS);

/**
 * Starts the reference grid coordinator on 127.0.0.1 (docs/grid-protocol.md): signed requests, state in a
 * SQLite file, enrollment review, queues, a job feeder, runs, pay and settlement, and the speed test.
 */
export async function startLocalGrid(options: LocalGridOptions): Promise<LocalGrid> {
  const now = options.now ?? Date.now;
  const publicOrigin = options.publicOrigin === undefined ? null : publicOriginOf(options.publicOrigin);
  const cpuDev = options.cpuDev ?? true;
  const db = openGridDatabase(options.dbPath);
  const coordinator = new Coordinator(db, {
    now,
    review: { autoApprove: options.autoApprove ?? true, cpuMarket: cpuDev ? CPU_DEV_MARKET : null },
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 120_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    queueStaleMs: options.queueStaleMs ?? 90_000,
    settleAfterMs: options.settleAfterMs ?? 60_000,
    verification: { ...DEFAULT_VERIFICATION_JOB, ...options.verification },
  });
  coordinator.configureMarkets(options.markets ?? defaultMarkets({ cpuDev }));
  const transaction = <T>(fn: () => T): T => db.transaction(fn)();
  const speedTest = new SpeedTest(now);
  const waiters = new Map<string, Set<() => void>>();
  coordinator.onAssigned((address) => waiters.get(address)?.forEach((wake) => wake()));

  const explorer = new Explorer(db, now);
  const routes = buildRoutes(coordinator, explorer);
  /** The origins a request may be signed for: filled once the port is known. */
  const origins: string[] = [];
  const relayHub = new ServiceRelayHub(db, origins, now);
  const server = createServer((req, res) => {
    (relayHub.serveHttp(req, res) ?? handle(req, res)).catch((err: unknown) => sendError(res, err));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!relayHub.handleUpgrade(req, socket, head)) socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://grid.local');
    const path = url.pathname;
    if (path === '/v1/speedtest/ping' && req.method === 'GET') return sendJson(res, 200, speedTest.ping());
    if (path === '/v1/speedtest/download' && req.method === 'GET') return speedTest.download(req, res, url.searchParams);
    if (path === '/v1/speedtest/upload' && req.method === 'POST') return sendJson(res, 200, await speedTest.upload(req));
    if (servePublicExplorer(explorer, req.method ?? 'GET', path, res)) return;

    const match = matchRoute(routes, req.method ?? 'GET', path);
    const body = await readBody(req);
    const verified = verifySignedRequest(db, { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body }, origins, now());
    if (match.route.auth === 'node' && !coordinator.isKnownNode(verified.address)) {
      throw new GridHttpError(403, 'unknown_node', `${verified.address} is not enrolled on this grid; enroll it first (POST /v1/node).`);
    }
    if (match.route.auth === 'onboarded') coordinator.requireOnboarded(verified.address);
    const parsedBody = parseBody(match.route.body, body);
    const ctx: RouteContext = { address: verified.address, params: match.params, query: url.searchParams, body: parsedBody };

    const handler = match.route.handle;
    // The long poll waits outside any transaction (it records its signature first, then waits).
    if (!handler) return sendJson(res, 200, await longPoll(ctx, verified.signature, req));
    const result = transaction(() => {
      const value = handler(ctx);
      rememberSignature(db, verified.signature, now());
      return value;
    });
    sendJson(res, 200, result);
  }

  async function longPoll(ctx: RouteContext, signature: string, req: IncomingMessage): Promise<unknown> {
    const wait = WaitQuery.safeParse(ctx.query.get('waitMs') ?? DEFAULT_WAIT_MS);
    if (!wait.success) throw new GridHttpError(400, 'malformed_query', `waitMs must be a whole number from 0 to ${MAX_WAIT_MS}.`);
    const ready = transaction(() => {
      const assignment = coordinator.activeAssignment(ctx.address);
      if (!assignment && !coordinator.queueStatus(ctx.address).queued) {
        throw new GridHttpError(409, 'not_queued', 'The node is not in the queue; join it (POST /v1/queue) before waiting for a job.');
      }
      coordinator.touchQueue(ctx.address);
      rememberSignature(db, signature, now());
      return assignment !== null;
    });
    if (!ready && wait.data > 0) await waitForAssignment(ctx.address, wait.data, req);
    return transaction(() => ({ assignment: coordinator.activeAssignment(ctx.address), queue: coordinator.queueStatus(ctx.address) }));
  }

  function waitForAssignment(address: string, ms: number, req: IncomingMessage): Promise<void> {
    return new Promise((resolve) => {
      const set = waiters.get(address) ?? new Set<() => void>();
      waiters.set(address, set);
      const done = (): void => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) waiters.delete(address);
        req.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      req.once('close', done);
    });
  }

  const feeder =
    options.feeder === false
      ? null
      : new JobFeeder(coordinator, db, transaction, {
          intervalMs: 5_000,
          image: DEFAULT_SAMPLE_IMAGE,
          durationSeconds: 20,
          ...options.feeder,
        });
  feeder?.start();
  const sweeper = setInterval(() => {
    try {
      transaction(() => coordinator.sweep());
    } catch (err) {
      console.error('local grid: sweep failed', err);
    }
  }, options.sweepIntervalMs ?? 1_000);
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origins.push(...(publicOrigin ? [publicOrigin] : [`http://127.0.0.1:${port}`, `http://localhost:${port}`]));

  return {
    url: `http://127.0.0.1:${port}`,
    coordinator,
    feeder,
    transaction,
    postJob: (input) => transaction(() => postJobWithServiceToken(coordinator, db, input)),
    async close() {
      feeder?.stop();
      clearInterval(sweeper);
      for (const set of waiters.values()) set.forEach((wake) => wake());
      relayHub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

/** The origin of a public address given to the grid; throws, saying what is expected, on anything else. */
export function publicOriginOf(address: string): string {
  try {
    const url = new URL(address);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // said below
  }
  throw new Error(`The public origin must be the http(s) address hosts use to reach this grid, such as https://grid.example.com; got "${address}".`);
}

function buildRoutes(c: Coordinator, explorer: Explorer): Route[] {
  return [
    { method: 'GET', pattern: /^\/v1\/markets$/, auth: 'signed', handle: () => ({ markets: c.markets() }) },
    {
      method: 'POST',
      pattern: /^\/v1\/node$/,
      auth: 'signed',
      body: EnrollmentSchema,
      handle: ({ address, body }) => {
        const enrollment = body as z.infer<typeof EnrollmentSchema>;
        if (enrollment.termsVersion !== GRID_TERMS_VERSION) {
          throw new GridHttpError(409, 'terms_not_accepted', `The grid's terms are now version ${GRID_TERMS_VERSION}; read and accept them, then enroll again.`);
        }
        return c.enroll(address, enrollment);
      },
    },
    { method: 'GET', pattern: /^\/v1\/node$/, auth: 'node', handle: ({ address }) => c.nodeStatus(address) },
    { method: 'POST', pattern: /^\/v1\/queue$/, auth: 'onboarded', body: NO_BODY, handle: ({ address }) => c.joinQueue(address) },
    { method: 'GET', pattern: /^\/v1\/queue$/, auth: 'onboarded', handle: ({ address }) => c.queueStatus(address) },
    { method: 'DELETE', pattern: /^\/v1\/queue$/, auth: 'onboarded', handle: ({ address }) => c.leaveQueue(address) },
    { method: 'GET', pattern: /^\/v1\/queue\/next$/, auth: 'onboarded' },
    { method: 'GET', pattern: /^\/v1\/jobs\/(?<id>[A-Za-z0-9_-]{1,64})$/, auth: 'node', handle: ({ address, params }) => c.job(params.id ?? '', address) },
    { method: 'GET', pattern: /^\/v1\/runs\/(?<id>[A-Za-z0-9_-]{1,64})$/, auth: 'node', handle: ({ address, params }) => c.run(params.id ?? '', address) },
    {
      method: 'POST',
      pattern: /^\/v1\/runs\/(?<id>[A-Za-z0-9_-]{1,64})\/heartbeat$/,
      auth: 'node',
      body: HeartbeatSchema,
      handle: ({ address, params, body }) => c.heartbeat(params.id ?? '', address, body as z.infer<typeof HeartbeatSchema>),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/runs\/(?<id>[A-Za-z0-9_-]{1,64})\/finish$/,
      auth: 'node',
      body: FinishRunSchema,
      handle: ({ address, params, body }) => {
        const { results, endedAt } = body as z.infer<typeof FinishRunSchema>;
        return c.finish(params.id ?? '', address, results, endedAt);
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/runs\/(?<id>[A-Za-z0-9_-]{1,64})\/quit$/,
      auth: 'node',
      body: QuitRunSchema,
      handle: ({ address, params, body }) => {
        const { reason, endedAt } = body as z.infer<typeof QuitRunSchema>;
        return c.quit(params.id ?? '', address, reason, endedAt);
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/runs\/(?<id>[A-Za-z0-9_-]{1,64})\/fail$/,
      auth: 'node',
      body: FailRunSchema,
      handle: ({ address, params, body }) => c.fail(params.id ?? '', address, body as z.infer<typeof FailRunSchema>),
    },
    { method: 'GET', pattern: /^\/v1\/earnings$/, auth: 'node', handle: ({ address }) => c.earnings(address) },
    { method: 'GET', pattern: /^\/v1\/nodes\/me\/payouts$/, auth: 'node', handle: ({ address }) => ({ payouts: explorer.payouts(address) }) },
  ];
}

function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } {
  let pathKnown = false;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (route.method === method) return { route, params: { ...m.groups } };
  }
  if (pathKnown) throw new GridHttpError(405, 'method_not_allowed', `${method} is not allowed on ${path}.`);
  throw new GridHttpError(404, 'not_found', `No such endpoint: ${method} ${path} (see docs/grid-protocol.md).`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_JSON_BODY_BYTES) {
    throw new GridHttpError(413, 'body_too_large', `Bodies are capped at ${MAX_JSON_BODY_BYTES} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) throw new GridHttpError(413, 'body_too_large', `Bodies are capped at ${MAX_JSON_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseBody(schema: z.ZodType | undefined, body: Buffer): unknown {
  if (!schema) {
    if (body.length > 0) throw new GridHttpError(400, 'malformed_body', 'This endpoint takes no body.');
    return undefined;
  }
  let json: unknown = undefined;
  if (body.length > 0) {
    try {
      json = JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new GridHttpError(400, 'malformed_body', 'The body is not JSON.');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; ');
    throw new GridHttpError(400, 'malformed_body', `The body does not match the message (${details}).`);
  }
  return parsed.data;
}

/** The public, read-only explorer (no signature): its JSON endpoints and the `/explorer` page. True when it answered. */
function servePublicExplorer(explorer: Explorer, method: string, path: string, res: ServerResponse): boolean {
  const known = path === '/v1/explorer/markets' || path === '/v1/explorer/jobs' || path === '/explorer' || path === '/explorer/';
  if (!known) return false;
  if (method !== 'GET') throw new GridHttpError(405, 'method_not_allowed', `${method} is not allowed on ${path}; the explorer is read-only.`);
  const publicHeaders = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
  if (path === '/v1/explorer/markets') sendJson(res, 200, explorer.markets(), publicHeaders);
  else if (path === '/v1/explorer/jobs') sendJson(res, 200, explorer.jobs(), publicHeaders);
  else {
    const page = explorerPage(explorer.markets(), explorer.jobs());
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(page.html)),
      'content-security-policy': page.csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(page.html);
  }
  return true;
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof GridHttpError) {
    sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
    return;
  }
  console.error('local grid: internal error', err);
  sendJson(res, 500, { error: { code: 'internal', message: 'The grid failed to handle the request; see its console.' } });
}

export type { GridDatabase };
