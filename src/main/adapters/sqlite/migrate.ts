import type Database from 'better-sqlite3';
import type { Migration } from './migrations';

/** The schema version a database is at: the highest migration recorded, 0 for a new file. */
export function schemaVersion(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/** A database this version of GridHost cannot use: it was written by a newer one. */
export class NewerDatabaseError extends Error {
  constructor(path: string, found: number, known: number) {
    super(`The database ${path} was written by a newer GridHost (schema version ${found}; this one knows up to ${known}). Install the newer GridHost again, or start this one with another data folder (GRIDHOST_HOME).`);
    this.name = 'NewerDatabaseError';
  }
}

/**
 * Brings the database up to the last migration. Each migration runs in its own transaction together with the
 * record of its version, so a crash or an error during one leaves the database at the version before it, and
 * the next start runs it again. Returns the versions applied.
 */
export function migrate(db: Database.Database, path: string, migrations: readonly Migration[], now: () => Date = () => new Date()): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}; versions must run 1, 2, 3... in order`);
  });
  const current = schemaVersion(db);
  if (current > migrations.length) throw new NewerDatabaseError(path, current, migrations.length);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, now().toISOString());
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
