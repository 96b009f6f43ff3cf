import { join } from 'node:path';
import type { Logger } from '../../core/ports';
import { HostDatabase, type DatabaseRecovery } from './host-database';
import { importLegacyJson } from './legacy-json-import';
import type { Migration } from './migrations';
import { SqliteAvailabilityLog } from './sqlite-availability-log';
import { SqliteEnrollmentStore } from './sqlite-enrollment-store';
import { SqliteLedgerStore } from './sqlite-ledger-store';
import { SqliteOutbox } from './sqlite-outbox';
import { SqliteRunInFlightStore } from './sqlite-run-in-flight-store';

/** The host database's file in the data folder. */
export const HOST_DATABASE_FILE = 'gridhost.sqlite';

/** The host's records, each behind its core port, over one database. */
export interface HostStores {
  ledger: SqliteLedgerStore;
  runInFlight: SqliteRunInFlightStore;
  enrollment: SqliteEnrollmentStore;
  outbox: SqliteOutbox;
  availability: SqliteAvailabilityLog;
  /** Set when a damaged database was moved aside at this start (the ledger is then rebuilt from the grid). */
  recovered: DatabaseRecovery | null;
  close(): void;
}

/** Opens (or makes) the data folder's database, takes in the JSON documents of earlier versions, and builds the stores. */
export function openHostStores(dataDir: string, logger: Logger, options: { migrations?: readonly Migration[] } = {}): HostStores {
  const database = HostDatabase.open(join(dataDir, HOST_DATABASE_FILE), { logger, migrations: options.migrations });
  const { db } = database;
  const stores = {
    ledger: new SqliteLedgerStore(db),
    runInFlight: new SqliteRunInFlightStore(db, logger.child({ component: 'host-loop' })),
    enrollment: new SqliteEnrollmentStore(db, logger.child({ component: 'enrollment' })),
  };
  try {
    importLegacyJson(db, dataDir, stores, logger.child({ component: 'database' }));
  } catch (err) {
    database.close();
    throw err;
  }
  return { ...stores, outbox: new SqliteOutbox(db), availability: new SqliteAvailabilityLog(db), recovered: database.recovered, close: () => database.close() };
}
