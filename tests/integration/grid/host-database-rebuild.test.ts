import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarningsSnapshot, JobsSnapshot } from '../../../src/shared/contract/grid';
import { GridConnection } from '../../../src/main/core/grid/grid-connection';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { sampleInferenceJob } from '../../../tools/local-grid/sample-job';
import { enrollmentWith } from '../../support/grid/benchmark-fixtures';
import { enrollVerified } from '../../support/grid/verified-enrollment';
import { buildGridHost, FakeOpRunner, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';

describe('a damaged host database, against the real local grid', () => {
  let dir: string;
  let grid: LocalGrid;
  let built: ReturnType<typeof buildGridHost> | null = null;
  const signer = makeTestSigner();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-db-rebuild-'));
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false, sweepIntervalMs: 3_600_000 });
  });
  afterEach(async () => {
    await built?.host.stop();
    built?.stores.close();
    await grid.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is moved aside, and the ledger and job history are rebuilt from the grid', async () => {
    // Four runs the grid knows and paid (the GPU verification job and three jobs): the authority the rebuild reads.
    enrollVerified(grid, signer.address, enrollmentWith());
    const client = await new GridConnection({ url: () => grid.url, openSigner: async () => signer, fetch }).client();
    for (let i = 0; i < 3; i++) {
      await client.joinQueue();
      grid.transaction(() => grid.coordinator.postJob({ market: 'nvidia-3060', definition: sampleInferenceJob({ image: 'gridhost-test/busybox:latest', durationSeconds: 1, gpu: true }), pricePerSecond: 9 }));
      await client.quit(grid.coordinator.activeAssignment(signer.address)!.run.id, 'test run');
    }
    const remote = await client.earnings();
    expect(remote.items).toHaveLength(4);

    writeFileSync(join(dir, 'gridhost.sqlite'), Buffer.from('\u0000garbage, not SQLite\u00ff'.repeat(500), 'latin1'));
    built = buildGridHost({ url: () => grid.url, signer, runner: new FakeOpRunner(), dataDir: dir, loop: { waitMs: 200, heartbeatMs: 100 } });
    expect(built.stores.recovered?.movedTo).toMatch(/gridhost\.sqlite\.corrupt-/);
    expect(readdirSync(dir).some((f) => f.startsWith('gridhost.sqlite.corrupt-'))).toBe(true);
    expect(built.logger.records.some((r) => r.level === 'error' && /damaged; moved aside/.test(r.msg))).toBe(true);

    await built.host.start();
    const { ledger } = built.grid;
    await until(() => ledger.list().entries.length === 4, 'the ledger to be rebuilt from the grid');
    const byRun = <T extends { runId: string }>(rows: T[]) => [...rows].sort((a, b) => a.runId.localeCompare(b.runId));
    expect(byRun(ledger.list().entries).map(({ exitCode: _e, note: _n, energyWh: _w, ...earning }) => earning)).toEqual(byRun(remote.items));

    const jobs = await built.dispatcher.dispatch('jobs.list', { limit: 3 });
    expect(jobs).toMatchObject({ ok: true, result: { history: [{}, {}, {}], nextBefore: expect.any(String) } });
    const older = await built.dispatcher.dispatch('jobs.list', { limit: 3, before: (jobs as { result: JobsSnapshot }).result.nextBefore! });
    expect((older as { result: JobsSnapshot }).result).toMatchObject({ history: [{}], nextBefore: null });
    const earnings = (await built.dispatcher.dispatch('earnings.list', {})) as { result: EarningsSnapshot };
    expect(earnings.result.totals.pending).toBe(String(remote.totals.pending));
    expect(await built.dispatcher.dispatch('earnings.list', { before: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'bad_cursor' } });
  });
});
