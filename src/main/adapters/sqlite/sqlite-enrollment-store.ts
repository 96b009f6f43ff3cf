import type Database from 'better-sqlite3';
import type { EnrollmentStore, KnownEnrollment } from '../../core/grid/ports';
import { NodeStatusSchema } from '../../core/grid/protocol';
import type { Logger } from '../../core/ports';

/** The last enrollment status read from a grid, one row of the host database's `enrollment` table. */
export class SqliteEnrollmentStore implements EnrollmentStore {
  private readonly select: Database.Statement<[], { grid_url: string; status: string }>;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.select = db.prepare('SELECT grid_url, status FROM enrollment WHERE slot = 1');
    this.upsert = db.prepare('INSERT OR REPLACE INTO enrollment (slot, grid_url, status, updated_at) VALUES (1, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM enrollment');
  }

  async read(): Promise<KnownEnrollment | null> {
    const row = this.select.get();
    if (!row) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(row.status);
    } catch {
      raw = null;
    }
    const status = NodeStatusSchema.safeParse(raw);
    if (status.success) return { ...status.data, gridUrl: row.grid_url };
    // The grid is asked again at start; nothing is lost by forgetting a status that cannot be read.
    this.logger.warn('the kept enrollment status cannot be read; dropped, the grid is asked again', { gridUrl: row.grid_url });
    this.writeNow(null);
    return null;
  }

  async write(status: KnownEnrollment | null): Promise<void> {
    this.writeNow(status);
  }

  /** Synchronous write, for the one-time import of `grid-node.json`. */
  writeNow(status: KnownEnrollment | null): void {
    if (status === null) {
      this.remove.run();
      return;
    }
    const { gridUrl, ...nodeStatus } = status;
    this.upsert.run(gridUrl, JSON.stringify(nodeStatus), this.now().toISOString());
  }
}
