import Database from 'better-sqlite3';
import { migrate } from '../../../src/main/adapters/sqlite/migrate';
import { HOST_MIGRATIONS } from '../../../src/main/adapters/sqlite/migrations';

/**
 * A process that dies (SIGKILL, no clean-up) in the middle of a migration: `node --import tsx migrate-and-die.ts
 * <db>` runs the host's migrations, and the second one kills the process after half of its work.
 */
const [path] = process.argv.slice(2);
const db = new Database(path!);
db.pragma('journal_mode = WAL');
migrate(db, path!, [
  HOST_MIGRATIONS[0]!,
  {
    version: 2,
    name: 'killed midway',
    up: (conn) => {
      conn.exec('CREATE TABLE half_done (x INTEGER)');
      conn.prepare('INSERT INTO ledger (run_id, job_id, market, outcome, started_at, ended_at, ended_ms, seconds_run, seconds_paid, price_per_second, amount, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run('r', 'j', 'm', 'finished', 'a', 'b', 1, 1, 1, 1, 1, 'pending');
      process.kill(process.pid, 'SIGKILL');
    },
  },
]);
