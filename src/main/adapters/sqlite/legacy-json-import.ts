import type Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LedgerEntrySchema } from '../../core/earnings/ledger-entry';
import { NodeStatusSchema } from '../../core/grid/protocol';
import type { Logger } from '../../core/ports';
import type { SqliteEnrollmentStore } from './sqlite-enrollment-store';
import type { SqliteLedgerStore } from './sqlite-ledger-store';
import type { SqliteRunInFlightStore } from './sqlite-run-in-flight-store';

/** The JSON documents earlier versions kept, and how each one's content goes into the database (returns the rows taken). */
function legacyDocuments(stores: { ledger: SqliteLedgerStore; enrollment: SqliteEnrollmentStore; runInFlight: SqliteRunInFlightStore }) {
  return {
    'earnings.json': (value: unknown) => {
      const entries = z.object({ entries: z.array(z.unknown()) }).safeParse(value);
      let rows = 0;
      for (const raw of entries.success ? entries.data.entries : []) {
        const entry = LedgerEntrySchema.safeParse(raw);
        if (entry.success) {
          stores.ledger.put(entry.data);
          rows++;
        }
      }
      return rows;
    },
    'grid-node.json': (value: unknown) => {
      const known = NodeStatusSchema.extend({ gridUrl: z.string() }).safeParse(value);
      if (known.success) stores.enrollment.writeNow(known.data);
      return known.success ? 1 : 0;
    },
    'running-job.json': (value: unknown) => {
      const run = z.object({ runId: z.string(), jobId: z.string(), market: z.string(), opIds: z.array(z.string()) }).safeParse(value);
      if (run.success) stores.runInFlight.saveNow(run.data);
      return run.success ? 1 : 0;
    },
  } satisfies Record<string, (value: unknown) => number>;
}

/**
 * Takes the JSON documents of earlier versions (earnings.json, grid-node.json, running-job.json) into the
 * database once, then renames each `<name>.migrated`, so an upgrading owner loses nothing. Each file's rows and
 * the record that it was taken commit together: a crash before the rename leaves a file that the next start
 * only renames.
 */
export function importLegacyJson(
  db: Database.Database,
  dataDir: string,
  stores: Parameters<typeof legacyDocuments>[0],
  logger: Logger,
  now: () => Date = () => new Date(),
): void {
  const imported = db.prepare<[string], { file: string }>('SELECT file FROM legacy_imports WHERE file = ?');
  const record = db.prepare('INSERT INTO legacy_imports (file, imported_at, rows) VALUES (?, ?, ?)');
  for (const [file, take] of Object.entries(legacyDocuments(stores))) {
    const path = join(dataDir, file);
    if (!existsSync(path)) continue;
    if (!imported.get(file)) {
      let value: unknown = null;
      try {
        value = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        logger.warn('an old JSON document cannot be read; kept beside the database as it was', { file, error: (err as Error).message });
      }
      const rows = db.transaction(() => {
        const taken = take(value);
        record.run(file, now().toISOString(), taken);
        return taken;
      })();
      logger.info('old JSON document taken into the database', { file, rows });
    }
    renameSync(path, `${path}.migrated`);
  }
}
