import Database from 'better-sqlite3';
import { chmodSync, existsSync, renameSync } from 'node:fs';
import type { Logger } from '../../core/ports';
import { migrate } from './migrate';
import { HOST_MIGRATIONS, type Migration } from './migrations';

/** What happened to a damaged database found at start. */
export interface DatabaseRecovery {
  /** Where the damaged file went. */
  movedTo: string;
  /** What SQLite said about it. */
  reason: string;
}

/** The database cannot be used, and it is not a damaged file that could be moved aside (permissions, a newer schema, a migration that failed). */
export class HostDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HostDatabaseError';
  }
}

/** SQLite's answer for a file that is not a database, or a damaged one. */
function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

class DamagedDatabase extends Error {}

/**
 * The host's own records in one SQLite file of the data folder (`gridhost.sqlite`): WAL journal, full fsync on
 * commit, an integrity check (`PRAGMA quick_check`) at every open, then the numbered migrations. A damaged file
 * (with its WAL) is moved aside as `gridhost.sqlite.corrupt-<time>`, logged, and a new one made; `recovered`
 * says so, and the grid, the authority on runs and pay, fills the ledger again.
 */
export class HostDatabase {
  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly recovered: DatabaseRecovery | null,
  ) {}

  static open(path: string, options: { logger: Logger; migrations?: readonly Migration[]; now?: () => Date }): HostDatabase {
    const now = options.now ?? (() => new Date());
    const logger = options.logger.child({ component: 'database' });
    let recovered: DatabaseRecovery | null = null;
    let db: Database.Database;
    try {
      db = openChecked(path);
    } catch (err) {
      if (!(err instanceof DamagedDatabase) && !isCorruption(err)) throw cannotOpen(path, err);
      recovered = { movedTo: moveAside(path, now()), reason: (err as Error).message };
      logger.error('the host database was damaged; moved aside and made anew, the ledger is rebuilt from the grid', { ...recovered });
      db = openChecked(path);
    }
    try {
      const applied = migrate(db, path, options.migrations ?? HOST_MIGRATIONS, now);
      if (applied.length > 0) logger.info('host database migrated', { path, versions: applied });
    } catch (err) {
      db.close();
      if (err instanceof Error && err.name === 'NewerDatabaseError') throw new HostDatabaseError(err.message, { cause: err });
      throw new HostDatabaseError(
        `GridHost could not update its database ${path}: ${(err as Error).message}. The database was left as it was; start GridHost again, and if this repeats, send a support bundle (gridhost logs export).`,
        { cause: err },
      );
    }
    return new HostDatabase(db, path, recovered);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function openChecked(path: string): Database.Database {
  const created = !existsSync(path);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // Money and the job in flight: a commit is on disk before the call returns.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((row) => row.quick_check).filter((text) => text !== 'ok');
    if (problems.length > 0) throw new DamagedDatabase(`integrity check failed: ${problems.slice(0, 3).join('; ')}`);
    if (created) chmodSync(path, 0o600);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Moves the damaged file and its WAL and shared-memory files aside; returns where the database went. */
function moveAside(path: string, when: Date): string {
  const target = `${path}.corrupt-${when.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  return target;
}

function cannotOpen(path: string, err: unknown): HostDatabaseError {
  const code = (err as { code?: unknown }).code;
  const hint =
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
      ? 'Another GridHost holds it: stop that one first.'
      : 'Check that the data folder exists and that this user may read and write it (or set GRIDHOST_HOME to another folder).';
  return new HostDatabaseError(`GridHost cannot open its database ${path}: ${(err as Error).message}. ${hint}`, { cause: err });
}
