import Database from 'better-sqlite3';

/**
 * Every row of every table of a SQLite file, read through a second, read-only connection: tests compare two
 * snapshots to prove that a refused request changed nothing.
 */
export function snapshotDatabase(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    const snapshot: Record<string, unknown[]> = {};
    for (const { name } of tables) snapshot[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    return snapshot;
  } finally {
    db.close();
  }
}
