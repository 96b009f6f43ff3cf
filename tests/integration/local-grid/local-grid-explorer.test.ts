import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GridClient } from '../../../src/main/core/grid/grid-client';
import { ExplorerJobsSchema, ExplorerMarketsSchema } from '../../../src/main/core/grid/explorer-protocol';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { enrollVerifiedOverHttp } from '../../support/grid/verified-enrollment';
import { startGridHarness, type GridHarness } from './grid-harness';

const results = { exitCode: 0, durationMs: 5, logTail: '', ops: [] };

describe('local grid: the public explorer and a node\'s payouts, after a feeder run', () => {
  let h: GridHarness;
  let client: GridClient;
  const signer = makeTestSigner();

  beforeEach(async () => {
    h = await startGridHarness({ feeder: { intervalMs: 3_600_000, image: 'gridhost/sample:1', durationSeconds: 5 } });
    client = h.client(signer);
    await enrollVerifiedOverHttp(client);
  });
  afterEach(async () => {
    await h.close();
  });

  /** The feeder posts one job to the node's market; the node takes it, runs `seconds`, then ends it. */
  async function feedAndRun(seconds: number, end: 'finish' | 'quit'): Promise<void> {
    await client.joinQueue();
    expect(h.grid.feeder!.round()).toHaveLength(1);
    const runId = (await client.nextJob(0)).assignment!.run.id;
    h.clock.advance(seconds * 1000);
    if (end === 'finish') await client.finish(runId, results);
    else await client.quit(runId, 'owner paused sharing');
  }

  it('lists markets with price, nodes, jobs and median duration, and recent jobs without definitions, unsigned', async () => {
    await feedAndRun(20, 'finish');
    await feedAndRun(60, 'quit');
    await feedAndRun(30, 'finish');
    await client.joinQueue();
    h.grid.feeder!.round(); // a fourth job, running now
    await client.nextJob(0);
    h.clock.advance(7_000);

    const marketsRes = await fetch(`${h.grid.url}/v1/explorer/markets`);
    expect(marketsRes.status).toBe(200);
    const markets = ExplorerMarketsSchema.parse(await marketsRes.json());
    const mine = markets.markets.find((m) => m.slug === 'nvidia-3060')!;
    expect(mine).toMatchObject({ nodesOnboarded: 1, nodesQueued: 0, jobsRunning: 1, jobsLast24h: 5, medianDurationSeconds: 25 });
    // Five runs: the enrollment's GPU verification (0 s), then 20, 30 (a quit without heartbeats ends 30 s in) and 30 s ended (median 25), one running.
    expect(mine.pricePerSecond).toBeGreaterThan(0);
    expect(markets.markets.find((m) => m.slug === 'cpu-dev')).toMatchObject({ nodesOnboarded: 0, jobsLast24h: 0, medianDurationSeconds: null });

    const jobsText = await (await fetch(`${h.grid.url}/v1/explorer/jobs`)).text();
    const jobs = ExplorerJobsSchema.parse(JSON.parse(jobsText));
    // Newest first: the running job, then the ended ones (two may end in the same millisecond: their order is free).
    // The quit sent no heartbeat: it ends 30 s after its start.
    const rows = jobs.jobs.map((j) => [j.outcome, j.durationSeconds] as const);
    expect(rows[0]).toEqual(['running', 7]);
    expect(rows.slice(1).map((r) => r.join(' ')).sort()).toEqual(['finished 0', 'finished 20', 'finished 30', 'quit 30']);
    expect(jobs.jobs[0]?.node).toBe(`${signer.address.slice(0, 4)}…${signer.address.slice(-4)}`);
    expect(jobsText).not.toContain(signer.address);
    expect(jobsText).not.toContain('gridhost/sample'); // no job definitions
    expect((await fetch(`${h.grid.url}/v1/explorer/jobs`, { method: 'POST' })).status).toBe(405);
  });

  it('serves the explorer page under a strict CSP, escaping what it shows', async () => {
    await feedAndRun(20, 'finish');
    const res = await fetch(`${h.grid.url}/explorer`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain('Grid explorer');
    expect(html).toContain('nvidia-3060');
    expect(html).not.toContain('<script');
  });

  it('groups settled earnings into payouts with a stable reference (GET /v1/nodes/me/payouts)', async () => {
    await feedAndRun(20, 'finish');
    await feedAndRun(10, 'finish');
    h.grid.transaction(() => h.grid.coordinator.settle(true));
    h.clock.advance(60_000);
    await feedAndRun(5, 'quit');
    h.grid.transaction(() => h.grid.coordinator.settle(true));

    const payouts = await client.payouts();
    expect(payouts.map((p) => p.runs)).toEqual([1, 3]); // the second batch, then the first (with the GPU verification run)
    const earnings = (await client.earnings()).items;
    const settledTotal = earnings.reduce((sum, e) => sum + e.amount, 0);
    expect(payouts.reduce((sum, p) => sum + p.amount, 0)).toBe(settledTotal);
    expect(payouts[0]?.reference).toMatch(/^pay-[0-9a-z]+-/);
    expect(await client.payouts()).toEqual(payouts);
    expect((await fetch(`${h.grid.url}/v1/nodes/me/payouts`)).status).toBe(401);
  });
});
