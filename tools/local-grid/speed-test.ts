import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { MAX_SPEEDTEST_BYTES } from '../../src/main/core/grid/protocol';
import { GridHttpError } from './grid-http-error';

/** Bytes one client IP may move through the speed test per minute. */
const BYTES_PER_MINUTE = 200 * 1024 * 1024;
const WINDOW_MS = 60_000;
const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/**
 * The unsigned speed-test endpoints the benchmark measures the network with. Sizes are capped per transfer
 * and per client per minute, so that nobody can use the grid to burn bandwidth.
 */
export class SpeedTest {
  private readonly usage = new Map<string, { windowStart: number; bytes: number }>();

  constructor(private readonly now: () => number) {}

  ping(): { serverTime: string } {
    return { serverTime: new Date(this.now()).toISOString() };
  }

  download(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const parsed = z.coerce.number().int().min(1).max(MAX_SPEEDTEST_BYTES).safeParse(query.get('bytes') ?? '');
    if (!parsed.success) {
      throw new GridHttpError(400, 'bad_size', `bytes must be a whole number from 1 to ${MAX_SPEEDTEST_BYTES}.`);
    }
    const total = parsed.data;
    this.charge(req, total);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total), 'cache-control': 'no-store' });
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
        sent += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  }

  async upload(req: IncomingMessage): Promise<{ bytes: number; ms: number }> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_SPEEDTEST_BYTES) {
      throw new GridHttpError(413, 'body_too_large', `Uploads are capped at ${MAX_SPEEDTEST_BYTES} bytes.`);
    }
    // Charge what the client says it sends before reading it; a body without a length is charged after.
    if (Number.isFinite(declared)) this.charge(req, declared);
    const started = performance.now();
    let bytes = 0;
    for await (const chunk of req) {
      bytes += (chunk as Buffer).length;
      if (bytes > MAX_SPEEDTEST_BYTES) {
        req.destroy();
        throw new GridHttpError(413, 'body_too_large', `Uploads are capped at ${MAX_SPEEDTEST_BYTES} bytes.`);
      }
    }
    if (!Number.isFinite(declared)) this.charge(req, bytes);
    return { bytes, ms: Math.round((performance.now() - started) * 1000) / 1000 };
  }

  private charge(req: IncomingMessage, bytes: number): void {
    const ip = req.socket.remoteAddress ?? 'unknown';
    const now = this.now();
    const entry = this.usage.get(ip);
    const current = entry && now - entry.windowStart < WINDOW_MS ? entry : { windowStart: now, bytes: 0 };
    if (current.bytes + bytes > BYTES_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((current.windowStart + WINDOW_MS - now) / 1000));
      throw new GridHttpError(429, 'rate_limited', `The speed test allows ${BYTES_PER_MINUTE / 1024 / 1024} MiB per minute; try again in ${retryAfter} s.`, {
        'retry-after': String(retryAfter),
      });
    }
    current.bytes += bytes;
    this.usage.set(ip, current);
  }
}
