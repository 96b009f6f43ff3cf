import type Database from 'better-sqlite3';
import type { RunInFlightStore, SavedRun } from '../../core/host/ports';
import type { Logger } from '../../core/ports';

interface RunRow {
  run_id: string;
  job_id: string;
  market: string;
  op_ids: string;
}

/** The job in flight, one row of the host database's `run_in_flight` table (written before a container starts). */
export class SqliteRunInFlightStore implements RunInFlightStore {
  private readonly select: Database.Statement<[], RunRow>;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly logger: Logger,
  ) {
    this.select = db.prepare('SELECT run_id, job_id, market, op_ids FROM run_in_flight WHERE slot = 1');
    this.upsert = db.prepare('INSERT OR REPLACE INTO run_in_flight (slot, run_id, job_id, market, op_ids) VALUES (1, :runId, :jobId, :market, :opIds)');
    this.remove = db.prepare('DELETE FROM run_in_flight');
  }

  async load(): Promise<SavedRun | null> {
    const row = this.select.get();
    if (!row) return null;
    const opIds = parseOpIds(row.op_ids);
    if (opIds) return { runId: row.run_id, jobId: row.job_id, market: row.market, opIds };
    // Nothing to stop by name: the containers are cleared by their labels at start (containers.reconcile).
    this.logger.warn('the saved job in flight has unreadable op ids; dropped', { run: row.run_id, job: row.job_id, opIds: row.op_ids });
    this.saveNow(null);
    return null;
  }

  async save(run: SavedRun): Promise<void> {
    this.saveNow(run);
  }

  async clear(): Promise<void> {
    this.saveNow(null);
  }

  /** Synchronous save, for the one-time import of `running-job.json`. */
  saveNow(run: SavedRun | null): void {
    if (run === null) this.remove.run();
    else this.upsert.run({ runId: run.runId, jobId: run.jobId, market: run.market, opIds: JSON.stringify(run.opIds) });
  }
}

function parseOpIds(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((id) => typeof id === 'string') ? value : null;
  } catch {
    return null;
  }
}
