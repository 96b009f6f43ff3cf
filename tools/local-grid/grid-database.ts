import Database from 'better-sqlite3';

/**
 * The local grid's state in one SQLite file. Migrations run in order at open; each is applied once and
 * recorded in `schema_migrations`, so an older file is brought up to date and nothing is lost.
 */
export type GridDatabase = Database.Database;

export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE markets (
     slug TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     price_per_second INTEGER NOT NULL CHECK (price_per_second >= 0),
     job_timeout_seconds INTEGER NOT NULL CHECK (job_timeout_seconds > 0)
   );
   CREATE TABLE nodes (
     address TEXT PRIMARY KEY,
     status TEXT NOT NULL CHECK (status IN ('waitlisted', 'onboarded', 'rejected')),
     market TEXT,
     reason TEXT,
     contact_email TEXT,
     terms_version TEXT NOT NULL,
     benchmark_json TEXT NOT NULL,
     enrolled_at INTEGER NOT NULL,
     reviewed_at INTEGER
   );
   CREATE TABLE queue (
     address TEXT PRIMARY KEY REFERENCES nodes(address),
     market TEXT NOT NULL REFERENCES markets(slug),
     seq INTEGER NOT NULL,
     joined_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL
   );
   CREATE INDEX queue_by_market ON queue (market, seq);
   CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     market TEXT NOT NULL REFERENCES markets(slug),
     definition_json TEXT NOT NULL,
     price_per_second INTEGER NOT NULL CHECK (price_per_second >= 0),
     timeout_seconds INTEGER NOT NULL CHECK (timeout_seconds > 0),
     posted_at INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'assigned'))
   );
   CREATE INDEX jobs_pending ON jobs (market, state, posted_at);
   CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     job_id TEXT NOT NULL UNIQUE REFERENCES jobs(id),
     address TEXT NOT NULL REFERENCES nodes(address),
     state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'quit', 'expired')),
     phase TEXT,
     started_at INTEGER NOT NULL,
     last_heartbeat_at INTEGER NOT NULL,
     ended_at INTEGER,
     results_json TEXT,
     quit_reason TEXT
   );
   CREATE INDEX runs_by_node ON runs (address, state);
   CREATE TABLE earnings (
     run_id TEXT PRIMARY KEY REFERENCES runs(id),
     address TEXT NOT NULL REFERENCES nodes(address),
     job_id TEXT NOT NULL,
     market TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('finished', 'quit', 'expired')),
     started_at INTEGER NOT NULL,
     ended_at INTEGER NOT NULL,
     seconds_run INTEGER NOT NULL,
     seconds_paid INTEGER NOT NULL,
     price_per_second INTEGER NOT NULL,
     amount INTEGER NOT NULL CHECK (amount >= 0),
     status TEXT NOT NULL CHECK (status IN ('pending', 'settled')),
     settled_at INTEGER
   );
   CREATE INDEX earnings_by_node ON earnings (address, ended_at);
   CREATE TABLE seen_signatures (
     signature TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   );`,
  // GPU verification (gpu-verification.ts): a node waiting to be verified, and the run of its current job.
  `CREATE TABLE gpu_verifications (
     address TEXT PRIMARY KEY REFERENCES nodes(address),
     market TEXT NOT NULL REFERENCES markets(slug),
     run_id TEXT REFERENCES runs(id),
     started_at INTEGER NOT NULL
   );`,
  // Protocol 2: a run may end `failed` (with the cause and whose fault it is), and so may its earning.
  // SQLite cannot change a CHECK in place: both tables are rebuilt (foreign keys are checked after each migration).
  `CREATE TABLE runs_v2 (
     id TEXT PRIMARY KEY,
     job_id TEXT NOT NULL UNIQUE REFERENCES jobs(id),
     address TEXT NOT NULL REFERENCES nodes(address),
     state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'quit', 'failed', 'expired')),
     phase TEXT,
     started_at INTEGER NOT NULL,
     last_heartbeat_at INTEGER NOT NULL,
     ended_at INTEGER,
     results_json TEXT,
     quit_reason TEXT,
     fail_reason TEXT,
     fault TEXT CHECK (fault IN ('job', 'host'))
   );
   INSERT INTO runs_v2 (id, job_id, address, state, phase, started_at, last_heartbeat_at, ended_at, results_json, quit_reason)
     SELECT id, job_id, address, state, phase, started_at, last_heartbeat_at, ended_at, results_json, quit_reason FROM runs;
   DROP TABLE runs;
   ALTER TABLE runs_v2 RENAME TO runs;
   CREATE INDEX runs_by_node ON runs (address, state);
   CREATE TABLE earnings_v2 (
     run_id TEXT PRIMARY KEY REFERENCES runs(id),
     address TEXT NOT NULL REFERENCES nodes(address),
     job_id TEXT NOT NULL,
     market TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('finished', 'quit', 'failed', 'expired')),
     started_at INTEGER NOT NULL,
     ended_at INTEGER NOT NULL,
     seconds_run INTEGER NOT NULL,
     seconds_paid INTEGER NOT NULL,
     price_per_second INTEGER NOT NULL,
     amount INTEGER NOT NULL CHECK (amount >= 0),
     status TEXT NOT NULL CHECK (status IN ('pending', 'settled')),
     settled_at INTEGER
   );
   INSERT INTO earnings_v2 SELECT * FROM earnings;
   DROP TABLE earnings;
   ALTER TABLE earnings_v2 RENAME TO earnings;
   CREATE INDEX earnings_by_node ON earnings (address, ended_at);`,
  `CREATE TABLE service_tokens (
     job_id TEXT PRIMARY KEY REFERENCES jobs (id),
     token_sha256 TEXT NOT NULL
   );`,
];

/** Opens (creating if needed) the grid database and applies pending migrations. */
export function openGridDatabase(path: string): GridDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // WAL with NORMAL sync cannot corrupt the file; a power cut may only lose the last commits of a dev grid.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Off while migrations rebuild tables (SQLite's documented way); each migration is checked before it commits.
  db.pragma('foreign_keys = OFF');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`grid database migration ${version} broke ${broken.length} foreign key(s); nothing was changed`);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
    })();
  });
  db.pragma('foreign_keys = ON');
  return db;
}

/** Number of migrations this code knows; a file at a higher version was written by a newer grid. */
export const SCHEMA_VERSION = MIGRATIONS.length;
