import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHostStores, type HostStores } from '../../../src/main/adapters/sqlite/host-stores';
import type { LedgerEntry } from '../../../src/main/core/earnings/ledger-entry';
import { RecordingLogger } from '../../support/core-fakes';

const entry = (runId: string, endedAt: string, patch: Partial<LedgerEntry> = {}): LedgerEntry => ({
  runId,
  jobId: `job-${runId}`,
  market: 'nvidia-3060',
  outcome: 'finished',
  startedAt: '2026-11-25T09:00:00.000Z',
  endedAt,
  secondsRun: 60,
  secondsPaid: 60,
  pricePerSecond: 5,
  amount: 300,
  status: 'pending',
  settledAt: null,
  exitCode: 0,
  note: null,
  ...patch,
});

describe('the host stores over a real SQLite file', () => {
  let dir: string;
  let stores: HostStores | null;
  let logger: RecordingLogger;
  const open = () => (stores = openHostStores(dir, logger));
  const reopen = () => {
    stores?.close();
    return open();
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-stores-'));
    logger = new RecordingLogger();
    stores = null;
  });
  afterEach(() => {
    stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the JSON documents of an earlier version in once, then renames them .migrated', async () => {
    const old = [entry('a', '2026-11-25T10:00:00.000Z', { outcome: 'quit', note: 'Quit: You paused sharing.', exitCode: null }), entry('b', '2026-11-25T11:00:00.000Z', { status: 'settled', settledAt: '2026-11-26T00:00:00.000Z' })];
    writeFileSync(join(dir, 'earnings.json'), JSON.stringify({ version: 1, entries: [...old, { runId: 'broken', amount: 1.5 }] }));
    const node = { address: 'node', status: 'onboarded', market: 'cpu-dev', reason: null, enrolledAt: '2026-11-25T09:00:00.000Z', reviewedAt: null, gridUrl: 'http://grid.test' };
    writeFileSync(join(dir, 'grid-node.json'), JSON.stringify(node));
    writeFileSync(join(dir, 'running-job.json'), JSON.stringify({ runId: 'r9', jobId: 'j9', market: 'cpu-dev', opIds: ['infer'] }));

    const first = open();
    expect(first.ledger.page({ limit: 10, before: null }).entries).toEqual([{ ...old[1], energyWh: null }, { ...old[0], energyWh: null }]);
    expect(first.ledger.totals()).toEqual({ pending: 300, settled: 300 });
    // A status kept by an earlier version has no verification field: it reads as none.
    expect(await first.enrollment.read()).toEqual({ ...node, verification: null });
    expect(await first.runInFlight.load()).toEqual({ runId: 'r9', jobId: 'j9', market: 'cpu-dev', opIds: ['infer'] });
    for (const file of ['earnings.json', 'grid-node.json', 'running-job.json']) {
      expect(existsSync(join(dir, file))).toBe(false);
      expect(existsSync(join(dir, `${file}.migrated`))).toBe(true);
    }
    expect(logger.records.find((r) => r.msg === 'old JSON document taken into the database' && r.fields.file === 'earnings.json')?.fields.rows).toBe(2);

    // The job in flight is closed; a file put back (a crash between commit and rename) is not taken twice.
    await first.runInFlight.clear();
    writeFileSync(join(dir, 'running-job.json'), JSON.stringify({ runId: 'r9', jobId: 'j9', market: 'cpu-dev', opIds: ['infer'] }));
    const again = reopen();
    expect(await again.runInFlight.load()).toBeNull();
    expect(existsSync(join(dir, 'running-job.json'))).toBe(false);
    expect(again.ledger.page({ limit: 10, before: null }).entries).toHaveLength(2);
  });

  it('keeps an unreadable JSON document beside the database and starts without it', () => {
    writeFileSync(join(dir, 'earnings.json'), '{"version": 1, "entries": [');
    const opened = open();
    expect(opened.ledger.page({ limit: 10, before: null }).entries).toEqual([]);
    expect(existsSync(join(dir, 'earnings.json.migrated'))).toBe(true);
    expect(logger.records.some((r) => r.level === 'warn' && r.fields.file === 'earnings.json')).toBe(true);
  });

  it('keeps the job in flight across close and reopen, and forgets it once cleared', async () => {
    await open().runInFlight.save({ runId: 'r1', jobId: 'j1', market: 'cpu-dev', opIds: [] });
    await stores!.runInFlight.save({ runId: 'r1', jobId: 'j1', market: 'cpu-dev', opIds: ['pull', 'infer'] });
    expect(await reopen().runInFlight.load()).toEqual({ runId: 'r1', jobId: 'j1', market: 'cpu-dev', opIds: ['pull', 'infer'] });
    await stores!.runInFlight.clear();
    expect(await reopen().runInFlight.load()).toBeNull();
  });

  it('drops a saved job in flight whose op ids cannot be read, and says so', async () => {
    open();
    stores!.runInFlight.saveNow({ runId: 'r1', jobId: 'j1', market: 'm', opIds: [] });
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(join(dir, 'gridhost.sqlite'));
    raw.prepare("UPDATE run_in_flight SET op_ids = '{not json'").run();
    raw.close();
    expect(await stores!.runInFlight.load()).toBeNull();
    expect(logger.records.some((r) => r.msg === 'the saved job in flight has unreadable op ids; dropped')).toBe(true);
    expect(await reopen().runInFlight.load()).toBeNull();
  });

  it('keeps the outbox across close and reopen: oldest first, attempts counted, gone once acknowledged', async () => {
    const outbox = open().outbox;
    const finish = await outbox.add({ runId: 'r1', kind: 'finish', body: { exitCode: 0, logTail: 'done' } });
    const quit = await outbox.add({ runId: 'r2', kind: 'quit', body: { reason: 'GridHost was shut down' } });
    await outbox.failedAttempt(finish.id, 'The grid at http://grid.test is not answering.');
    expect(finish).toMatchObject({ runId: 'r1', kind: 'finish', attempts: 0, lastError: null });

    const pending = await reopen().outbox.pending();
    expect(pending).toEqual([
      { ...finish, attempts: 1, lastError: 'The grid at http://grid.test is not answering.' },
      { ...quit, attempts: 0, lastError: null },
    ]);
    await stores!.outbox.acknowledge(finish.id);
    expect((await reopen().outbox.pending()).map((m) => m.runId)).toEqual(['r2']);
  });

  it('keeps the enrollment status and forgets it when the grid no longer knows the node', async () => {
    const status = { address: 'node', status: 'waitlisted' as const, market: null, reason: 'Busy week', enrolledAt: '2026-11-25T09:00:00.000Z', reviewedAt: null, verification: null, gridUrl: 'http://grid.test' };
    await open().enrollment.write(status);
    expect(await reopen().enrollment.read()).toEqual(status);
    await stores!.enrollment.write(null);
    expect(await reopen().enrollment.read()).toBeNull();
  });

  it('pages the ledger newest first by end time then run id, with totals in integers and outcomes it does not know kept', () => {
    const { ledger } = open();
    const t0 = Date.parse('2026-11-25T10:00:00.000Z');
    for (let i = 0; i < 25; i++) ledger.put(entry(`r${String(i).padStart(2, '0')}`, new Date(t0 + Math.floor(i / 2) * 1000).toISOString(), { amount: i }));
    ledger.put(entry('failed-1', new Date(t0 - 1000).toISOString(), { outcome: 'failed' as LedgerEntry['outcome'], amount: 0 }));
    const seen: string[] = [];
    let before = null;
    do {
      const page = ledger.page({ limit: 7, before });
      seen.push(...page.entries.map((e) => e.runId));
      before = page.nextBefore;
    } while (before);
    expect(seen).toEqual([...Array.from({ length: 25 }, (_, i) => `r${String(24 - i).padStart(2, '0')}`), 'failed-1']);
    expect(ledger.totals()).toEqual({ pending: (24 * 25) / 2, settled: 0 });
  });

  it('takes the grid\'s figures but keeps the host\'s exit code and note', () => {
    const { ledger } = open();
    ledger.put(entry('a', '2026-11-25T10:00:00.000Z', { exitCode: 3, note: 'The job exited with code 3.' }));
    ledger.merge([
      { ...entry('a', '2026-11-25T10:00:00.000Z'), status: 'settled', settledAt: '2026-11-26T00:00:00.000Z', amount: 290 },
      { ...entry('b', '2026-11-25T12:00:00.000Z') },
    ]);
    const reopened = reopen().ledger;
    expect(reopened.totals()).toEqual({ pending: 300, settled: 290 });
    const rows = reopened.page({ limit: 10, before: null }).entries;
    expect(rows.map((e) => [e.runId, e.status, e.amount, e.exitCode, e.note])).toEqual([
      ['b', 'pending', 300, null, null],
      ['a', 'settled', 290, 3, 'The job exited with code 3.'],
    ]);
  });
});
