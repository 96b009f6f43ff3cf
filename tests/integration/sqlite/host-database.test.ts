import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostDatabase, HostDatabaseError } from '../../../src/main/adapters/sqlite/host-database';
import { migrate, schemaVersion } from '../../../src/main/adapters/sqlite/migrate';
import { HOST_MIGRATIONS, type Migration } from '../../../src/main/adapters/sqlite/migrations';
import { REPO_ROOT } from '../../support/headless-process';
import { RecordingLogger } from '../../support/core-fakes';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);

describe('the host database (a real SQLite file)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-db-'));
    path = join(dir, 'gridhost.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a new database in WAL mode at the last version, readable only by its owner', () => {
    const logger = new RecordingLogger();
    const database = HostDatabase.open(path, { logger });
    expect(database.recovered).toBeNull();
    expect(database.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(database.db)).toBe(HOST_MIGRATIONS.length);
    expect(tables(database.db)).toEqual(expect.arrayContaining(['ledger', 'run_in_flight', 'enrollment', 'outbox', 'legacy_imports', 'schema_migrations']));
    database.close();
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(logger.records.find((r) => r.msg === 'host database migrated')?.fields.versions).toEqual(HOST_MIGRATIONS.map((m) => m.version));
  });

  it.each(HOST_MIGRATIONS.slice(0, -1).map((m) => m.version))('brings a database at version %i to the last version and keeps its rows', (version) => {
    const old = new Database(path);
    migrate(old, path, HOST_MIGRATIONS.slice(0, version));
    old.prepare("INSERT INTO ledger (run_id, job_id, market, outcome, started_at, ended_at, ended_ms, seconds_run, seconds_paid, price_per_second, amount, status) VALUES ('r1', 'j1', 'm', 'finished', 'a', 'b', 1, 3, 3, 5, 15, 'pending')").run();
    old.close();

    const logger = new RecordingLogger();
    const database = HostDatabase.open(path, { logger });
    expect(schemaVersion(database.db)).toBe(HOST_MIGRATIONS.length);
    expect(database.db.prepare('SELECT amount FROM ledger').all()).toEqual([{ amount: 15 }]);
    expect(logger.records.find((r) => r.msg === 'host database migrated')?.fields.versions).toEqual(HOST_MIGRATIONS.slice(version).map((m) => m.version));
    database.close();
  });

  it('a migration that fails midway leaves the database at the version before it; the next open completes it', () => {
    const failing: Migration = {
      version: 2,
      name: 'fails midway',
      up: (db) => {
        db.exec('CREATE TABLE run_in_flight (slot INTEGER PRIMARY KEY)');
        throw new Error('disk I/O error');
      },
    };
    expect(() => HostDatabase.open(path, { logger: new RecordingLogger(), migrations: [HOST_MIGRATIONS[0]!, failing] })).toThrow(
      /could not update its database .*disk I\/O error\. The database was left as it was/,
    );
    const after = new Database(path);
    expect(schemaVersion(after)).toBe(1);
    expect(tables(after)).not.toContain('run_in_flight');
    after.close();

    const database = HostDatabase.open(path, { logger: new RecordingLogger() });
    expect(schemaVersion(database.db)).toBe(HOST_MIGRATIONS.length);
    expect(tables(database.db)).toContain('run_in_flight');
    database.close();
  });

  it('a process killed during a migration leaves the previous version; the next start finishes it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tests', 'support', 'sqlite', 'migrate-and-die.ts'), path], { cwd: REPO_ROOT, stdio: 'ignore' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');

    const database = HostDatabase.open(path, { logger: new RecordingLogger() });
    const versions = database.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(HOST_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(tables(database.db)).not.toContain('half_done');
    expect(database.db.prepare('SELECT COUNT(*) AS n FROM ledger').get()).toEqual({ n: 0 });
    expect(database.db.pragma('quick_check', { simple: true })).toBe('ok');
    database.close();
  });

  it('moves a file that is not a database aside, says so, and makes a new one', () => {
    writeFileSync(path, Buffer.from('this is not a database, just garbage bytes '.repeat(200)));
    const logger = new RecordingLogger();
    const database = HostDatabase.open(path, { logger });
    expect(database.recovered).toMatchObject({ movedTo: expect.stringMatching(/gridhost\.sqlite\.corrupt-/), reason: expect.stringMatching(/not a database/) });
    expect(existsSync(database.recovered!.movedTo)).toBe(true);
    expect(schemaVersion(database.db)).toBe(HOST_MIGRATIONS.length);
    expect(logger.records.find((r) => r.level === 'error')?.msg).toMatch(/damaged; moved aside and made anew/);
    database.close();
  });

  it('a page damaged inside a real database fails the integrity check and is moved aside', () => {
    const first = HostDatabase.open(path, { logger: new RecordingLogger() });
    const insert = first.db.prepare("INSERT INTO ledger (run_id, job_id, market, outcome, started_at, ended_at, ended_ms, seconds_run, seconds_paid, price_per_second, amount, status) VALUES (?, 'j', 'm', 'finished', 'a', 'b', ?, 1, 1, 1, 1, 'pending')");
    first.db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`run-${i}`, i);
    })();
    first.db.pragma('wal_checkpoint(TRUNCATE)');
    first.close();
    // Overwrite a page in the middle of the file (the header stays valid).
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 4096 * 3, 4096 * 5);
    writeFileSync(path, bytes);

    const database = HostDatabase.open(path, { logger: new RecordingLogger() });
    expect(database.recovered).not.toBeNull();
    expect(database.db.prepare('SELECT COUNT(*) AS n FROM ledger').get()).toEqual({ n: 0 });
    database.close();
  });

  it('refuses a database written by a newer GridHost, and leaves it as it is', () => {
    const newer = new Database(path);
    migrate(newer, path, [...HOST_MIGRATIONS, { version: HOST_MIGRATIONS.length + 1, name: 'from the future', up: () => undefined }]);
    newer.close();
    const error = (() => {
      try {
        HostDatabase.open(path, { logger: new RecordingLogger() });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(HostDatabaseError);
    expect((error as Error).message).toMatch(new RegExp(`written by a newer GridHost \\(schema version ${HOST_MIGRATIONS.length + 1}; this one knows up to ${HOST_MIGRATIONS.length}\\)\\. Install the newer GridHost`));
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
  });
});
