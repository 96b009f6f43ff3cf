import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openGridDatabase, SCHEMA_VERSION } from '../../../../tools/local-grid/grid-database';

describe('the local grid database: migrations', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('brings a protocol-1 file up to date with its runs and earnings kept, and a run may then fail', () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-griddb-'));
    const path = join(dir, 'grid.sqlite');
    // A file written by the first version: migration 1 only, a finished run with its earning, and a running one.
    const v1 = new Database(path);
    v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    v1.exec(MIGRATIONS[0]!);
    v1.exec(`
      INSERT INTO schema_migrations VALUES (1, 0);
      INSERT INTO markets VALUES ('m', 'M', 5, 60);
      INSERT INTO nodes VALUES ('a', 'onboarded', 'm', NULL, NULL, '2026-01', '{}', 0, 0);
      INSERT INTO jobs VALUES ('j1', 'm', '{}', 5, 60, 0, 'assigned');
      INSERT INTO jobs VALUES ('j2', 'm', '{}', 5, 60, 0, 'assigned');
      INSERT INTO runs (id, job_id, address, state, started_at, last_heartbeat_at, ended_at) VALUES ('r1', 'j1', 'a', 'finished', 0, 0, 10000);
      INSERT INTO runs (id, job_id, address, state, started_at, last_heartbeat_at) VALUES ('r2', 'j2', 'a', 'running', 0, 0);
      INSERT INTO earnings VALUES ('r1', 'a', 'j1', 'm', 'finished', 0, 10000, 10, 10, 5, 50, 'pending', NULL);
    `);
    v1.close();

    const db = openGridDatabase(path);
    try {
      expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT id, state FROM runs ORDER BY id').all()).toEqual([
        { id: 'r1', state: 'finished' },
        { id: 'r2', state: 'running' },
      ]);
      expect(db.prepare('SELECT run_id, amount FROM earnings').all()).toEqual([{ run_id: 'r1', amount: 50 }]);
      db.prepare(`UPDATE runs SET state = 'failed', fail_reason = 'exit 3', fault = 'job', ended_at = 1000 WHERE id = 'r2'`).run();
      db.prepare(`INSERT INTO earnings VALUES ('r2', 'a', 'j2', 'm', 'failed', 0, 1000, 1, 1, 5, 5, 'pending', NULL)`).run();
      expect(() => db.prepare(`INSERT INTO earnings VALUES ('nope', 'a', 'j2', 'm', 'failed', 0, 1, 1, 1, 5, 5, 'pending', NULL)`).run()).toThrow(/FOREIGN KEY/);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});
