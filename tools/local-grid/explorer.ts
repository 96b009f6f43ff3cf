import type Database from 'better-sqlite3';
import { shortAddress, type ExplorerJobs, type ExplorerMarkets, type Payout } from '../../src/main/core/grid/explorer-protocol';

/** How many recent runs `GET /v1/explorer/jobs` lists. */
export const EXPLORER_JOBS_LIMIT = 100;
const DAY_MS = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The grid's public, read-only view (docs/grid-protocol.md, "Explorer"): per market its price and how busy it
 * is, and the recent runs without their definitions, the node's address shortened. Also a node's payouts: its
 * settled earnings grouped by the settlement that paid them (the grid settles due runs in batches, one
 * `settled_at` per batch).
 */
export class Explorer {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  markets(): ExplorerMarkets {
    const now = this.now();
    const since = now - DAY_MS;
    const markets = this.db
      .prepare(
        `SELECT m.slug, m.name, m.price_per_second, m.job_timeout_seconds,
           (SELECT COUNT(*) FROM nodes n WHERE n.market = m.slug AND n.status = 'onboarded') AS onboarded,
           (SELECT COUNT(*) FROM queue q WHERE q.market = m.slug) AS queued,
           (SELECT COUNT(*) FROM runs r JOIN jobs j ON j.id = r.job_id WHERE j.market = m.slug AND r.state = 'running') AS running,
           (SELECT COUNT(*) FROM runs r JOIN jobs j ON j.id = r.job_id WHERE j.market = m.slug AND r.started_at >= ?) AS last24h
         FROM markets m ORDER BY m.slug`,
      )
      .all(since) as { slug: string; name: string; price_per_second: number; job_timeout_seconds: number; onboarded: number; queued: number; running: number; last24h: number }[];
    const durations = this.db.prepare(
      `SELECT (r.ended_at - r.started_at) / 1000 AS seconds FROM runs r JOIN jobs j ON j.id = r.job_id
       WHERE j.market = ? AND r.ended_at IS NOT NULL AND r.ended_at >= ? ORDER BY seconds`,
    );
    return {
      generatedAt: iso(now),
      markets: markets.map((m) => ({
        slug: m.slug,
        name: m.name,
        pricePerSecond: m.price_per_second,
        jobTimeoutSeconds: m.job_timeout_seconds,
        nodesOnboarded: m.onboarded,
        nodesQueued: m.queued,
        jobsRunning: m.running,
        jobsLast24h: m.last24h,
        medianDurationSeconds: median((durations.all(m.slug, since) as { seconds: number }[]).map((r) => Math.max(0, Math.floor(r.seconds)))),
      })),
    };
  }

  jobs(): ExplorerJobs {
    const now = this.now();
    const rows = this.db
      .prepare(
        `SELECT r.id, r.address, r.state, r.started_at, r.ended_at, j.market, j.price_per_second
         FROM runs r JOIN jobs j ON j.id = r.job_id ORDER BY r.started_at DESC, r.id DESC LIMIT ?`,
      )
      .all(EXPLORER_JOBS_LIMIT) as { id: string; address: string; state: ExplorerJobs['jobs'][number]['outcome']; started_at: number; ended_at: number | null; market: string; price_per_second: number }[];
    return {
      generatedAt: iso(now),
      jobs: rows.map((r) => ({
        runId: r.id,
        market: r.market,
        node: shortAddress(r.address),
        pricePerSecond: r.price_per_second,
        startedAt: iso(r.started_at),
        endedAt: r.ended_at === null ? null : iso(r.ended_at),
        durationSeconds: Math.max(0, Math.floor(((r.ended_at ?? now) - r.started_at) / 1000)),
        outcome: r.state,
      })),
    };
  }

  /** The node's settlements, newest first; the reference names the batch and the node, so it is stable. */
  payouts(address: string): Payout[] {
    const rows = this.db
      .prepare(
        `SELECT settled_at, SUM(amount) AS amount, COUNT(*) AS runs FROM earnings
         WHERE address = ? AND status = 'settled' AND settled_at IS NOT NULL GROUP BY settled_at ORDER BY settled_at DESC`,
      )
      .all(address) as { settled_at: number; amount: number; runs: number }[];
    return rows.map((r) => ({ reference: payoutReference(address, r.settled_at), settledAt: iso(r.settled_at), amount: r.amount, runs: r.runs }));
  }
}

/** `pay-<batch time in base 36>-<the address's last 6 characters>`, e.g. `pay-m3x1k2a0-Qa9fQa`. */
export function payoutReference(address: string, settledAtMs: number): string {
  return `pay-${settledAtMs.toString(36)}-${address.slice(-6)}`;
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
