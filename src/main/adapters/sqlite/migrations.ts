import type Database from 'better-sqlite3';

/** One step of the host database's schema. `up` runs inside a transaction with the record of its version. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * The host database's schema, in order. A released migration is never changed: a new one is added after it.
 * Money is integer micro-NOS; `outcome` and `status` are TEXT without a CHECK, so an outcome the grid adds later
 * ('failed') is kept rather than refused.
 */
/** Adds a quarter hour's signed change (`excluded`) to its sums (migration 4's triggers). */
const ADD_QUARTER =
  'gross = gross + excluded.gross, energy_wh = energy_wh + excluded.energy_wh, unmeasured_seconds = unmeasured_seconds + excluded.unmeasured_seconds, jobs = jobs + excluded.jobs';

export const HOST_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger and job history',
    up: (db) =>
      db.exec(`
        CREATE TABLE ledger (
          run_id TEXT PRIMARY KEY,
          job_id TEXT NOT NULL,
          market TEXT NOT NULL,
          outcome TEXT NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT NOT NULL,
          ended_ms INTEGER NOT NULL,
          seconds_run INTEGER NOT NULL,
          seconds_paid INTEGER NOT NULL,
          price_per_second INTEGER NOT NULL,
          amount INTEGER NOT NULL,
          status TEXT NOT NULL,
          settled_at TEXT,
          exit_code INTEGER,
          note TEXT
        ) STRICT;
        CREATE INDEX ledger_newest ON ledger (ended_ms DESC, run_id DESC);
        -- Pending and settled sums kept by the ledger's own writes, so the Earnings page never adds up every row.
        CREATE TABLE ledger_totals (status TEXT PRIMARY KEY, amount INTEGER NOT NULL, rows INTEGER NOT NULL) STRICT;
        CREATE TRIGGER ledger_totals_insert AFTER INSERT ON ledger BEGIN
          INSERT INTO ledger_totals (status, amount, rows) VALUES (NEW.status, NEW.amount, 1)
            ON CONFLICT (status) DO UPDATE SET amount = amount + excluded.amount, rows = rows + 1;
        END;
        CREATE TRIGGER ledger_totals_delete AFTER DELETE ON ledger BEGIN
          UPDATE ledger_totals SET amount = amount - OLD.amount, rows = rows - 1 WHERE status = OLD.status;
        END;
        CREATE TRIGGER ledger_totals_update AFTER UPDATE OF status, amount ON ledger BEGIN
          UPDATE ledger_totals SET amount = amount - OLD.amount, rows = rows - 1 WHERE status = OLD.status;
          INSERT INTO ledger_totals (status, amount, rows) VALUES (NEW.status, NEW.amount, 1)
            ON CONFLICT (status) DO UPDATE SET amount = amount + excluded.amount, rows = rows + 1;
        END;
        CREATE TABLE legacy_imports (file TEXT PRIMARY KEY, imported_at TEXT NOT NULL, rows INTEGER NOT NULL) STRICT;
      `),
  },
  {
    version: 2,
    name: 'run in flight and enrollment',
    up: (db) =>
      db.exec(`
        CREATE TABLE run_in_flight (
          slot INTEGER PRIMARY KEY CHECK (slot = 1),
          run_id TEXT NOT NULL,
          job_id TEXT NOT NULL,
          market TEXT NOT NULL,
          op_ids TEXT NOT NULL
        ) STRICT;
        CREATE TABLE enrollment (
          slot INTEGER PRIMARY KEY CHECK (slot = 1),
          grid_url TEXT NOT NULL,
          status TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
      `),
  },
  {
    version: 3,
    name: 'outbox',
    up: (db) =>
      db.exec(`
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          body TEXT NOT NULL,
          created_at TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT
        ) STRICT;
      `),
  },
  {
    version: 4,
    name: 'energy per job and availability',
    up: (db) =>
      db.exec(`
        -- Watt-hours a job used (the GPU's power sampled during the run); null when not measured.
        ALTER TABLE ledger ADD COLUMN energy_wh REAL;
        -- When the host became available (queued or running a job) or stopped being so: the projection's basis.
        CREATE TABLE availability_log (at_ms INTEGER NOT NULL, available INTEGER NOT NULL CHECK (available IN (0, 1))) STRICT;
        CREATE INDEX availability_log_at ON availability_log (at_ms);
        -- A run's measured energy, kept until (and after) its ledger row is written: the row takes it when inserted.
        CREATE TABLE run_energy (run_id TEXT PRIMARY KEY, energy_wh REAL NOT NULL) STRICT;
        CREATE TRIGGER ledger_energy_insert AFTER INSERT ON ledger WHEN NEW.energy_wh IS NULL BEGIN
          UPDATE ledger SET energy_wh = (SELECT energy_wh FROM run_energy WHERE run_id = NEW.run_id) WHERE run_id = NEW.run_id;
        END;
        -- Sums per quarter hour of ended_ms, kept by the ledger's own writes: every local midnight is on a quarter
        -- hour in every time zone, so the Earnings page's totals and series add up quarters, never every row.
        CREATE TABLE ledger_quarters (
          quarter INTEGER PRIMARY KEY,
          gross INTEGER NOT NULL,
          energy_wh REAL NOT NULL,
          unmeasured_seconds INTEGER NOT NULL,
          jobs INTEGER NOT NULL
        ) STRICT;
        INSERT INTO ledger_quarters (quarter, gross, energy_wh, unmeasured_seconds, jobs)
          SELECT ended_ms / 900000, SUM(amount), COALESCE(SUM(energy_wh), 0), SUM(CASE WHEN energy_wh IS NULL THEN seconds_run ELSE 0 END), COUNT(*)
          FROM ledger GROUP BY ended_ms / 900000;
        CREATE TRIGGER ledger_quarters_insert AFTER INSERT ON ledger BEGIN
          INSERT INTO ledger_quarters (quarter, gross, energy_wh, unmeasured_seconds, jobs)
            VALUES (NEW.ended_ms / 900000, NEW.amount, COALESCE(NEW.energy_wh, 0), (CASE WHEN NEW.energy_wh IS NULL THEN NEW.seconds_run ELSE 0 END), 1)
            ON CONFLICT (quarter) DO UPDATE SET ${ADD_QUARTER};
        END;
        CREATE TRIGGER ledger_quarters_delete AFTER DELETE ON ledger BEGIN
          INSERT INTO ledger_quarters (quarter, gross, energy_wh, unmeasured_seconds, jobs)
            VALUES (OLD.ended_ms / 900000, -OLD.amount, -COALESCE(OLD.energy_wh, 0), -(CASE WHEN OLD.energy_wh IS NULL THEN OLD.seconds_run ELSE 0 END), -1)
            ON CONFLICT (quarter) DO UPDATE SET ${ADD_QUARTER};
        END;
        CREATE TRIGGER ledger_quarters_update AFTER UPDATE OF amount, energy_wh, ended_ms, seconds_run ON ledger BEGIN
          INSERT INTO ledger_quarters (quarter, gross, energy_wh, unmeasured_seconds, jobs)
            VALUES (OLD.ended_ms / 900000, -OLD.amount, -COALESCE(OLD.energy_wh, 0), -(CASE WHEN OLD.energy_wh IS NULL THEN OLD.seconds_run ELSE 0 END), -1)
            ON CONFLICT (quarter) DO UPDATE SET ${ADD_QUARTER};
          INSERT INTO ledger_quarters (quarter, gross, energy_wh, unmeasured_seconds, jobs)
            VALUES (NEW.ended_ms / 900000, NEW.amount, COALESCE(NEW.energy_wh, 0), (CASE WHEN NEW.energy_wh IS NULL THEN NEW.seconds_run ELSE 0 END), 1)
            ON CONFLICT (quarter) DO UPDATE SET ${ADD_QUARTER};
        END;
      `),
  },
];
